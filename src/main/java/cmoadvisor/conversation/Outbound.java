package cmoadvisor.conversation;

/** What the bot does in reply, free of any transport's types. */
public sealed interface Outbound {

    /**
     * A message in Telegram's HTML subset ({@code <b>} only); every user-supplied value in it is escaped.
     * {@code leadId} ties a message in the agency chat to a lead, so that a reply to it reaches the prospect.
     */
    record Message(long chatId, String html, Keyboard keyboard, Long leadId) implements Outbound {
        public Message(long chatId, String html) {
            this(chatId, html, Keyboard.NONE, null);
        }

        public Message(long chatId, String html, Keyboard keyboard) {
            this(chatId, html, keyboard, null);
        }
    }

    /** "typing…" while an answer is prepared; best effort, never retried. */
    record Typing(long chatId) implements Outbound {
    }

    /** Acknowledges a button press (Telegram shows a spinner until it is answered); best effort. */
    record ButtonAnswer(String callbackId, String text) implements Outbound {
    }
}
