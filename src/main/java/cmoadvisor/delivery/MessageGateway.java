package cmoadvisor.delivery;

import cmoadvisor.conversation.Outbound;

import java.time.Duration;
import java.util.List;

/** A transport's way out: Telegram, the terminal, or (for webhooks) HTTP. */
public interface MessageGateway {

    /** What became of a send. */
    sealed interface Delivery {
        /**
         * Delivered; the ids of the messages it took (a long text may take several). {@code formattingProblem}
         * says why it went out as plain text (HTML that Telegram would refuse), or is null.
         */
        record Sent(List<Long> messageIds, String formattingProblem) implements Delivery {
            public Sent(List<Long> messageIds) {
                this(messageIds, null);
            }
        }

        /** Why a group refuses the bot's messages: each has its own remedy for the admins. */
        enum Unavailable { MISSING, KICKED, NO_RIGHTS }

        /**
         * The chat refuses the bot for now (not found, the bot was removed, or may not write); final for a
         * prospect's chat, but not for the agency's group, which the admins can put right.
         */
        record ChatUnavailable(Unavailable why, String error) implements Delivery {
        }

        /** The group became a supergroup with a new id; the same message may be sent there. */
        record ChatMoved(long newChatId, String error) implements Delivery {
        }

        /** Not now: a network failure or Telegram's 429; {@code after} is Telegram's retry_after, if it gave one. */
        record RetryLater(Duration after, String error) implements Delivery {
        }

        /** Never: the chat is gone or the bot was blocked. */
        record Rejected(String error) implements Delivery {
        }
    }

    /** Delivers a durable outbound: a message, a document, or a webhook call. */
    Delivery send(Outbound outbound);

    /**
     * Whether sending this costs the transport nothing now (a forum topic for a chat known to have no
     * topics): such an entry takes no place in the pacing of Telegram's calls.
     */
    default boolean costsNothing(Outbound outbound) {
        return false;
    }

    /** Best effort: a failure is logged, not retried. */
    void typing(long chatId);

    /** Best effort: a failure is logged, not retried. */
    void answerButton(String callbackId, String text);

    /** As {@link #answerButton(String, String)}, as a pop-up when {@code alert}. */
    default void answerButton(String callbackId, String text, boolean alert) {
        answerButton(callbackId, text);
    }

    /** Best effort: a failure is logged, not retried. */
    default void editButtons(long chatId, long messageId, cmoadvisor.conversation.Keyboard keyboard) {
    }
}
