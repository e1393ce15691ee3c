package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the bot does in reply, free of any transport's types. Messages, documents, photos and webhook calls go
 * through the durable outbox; typing, button answers and admin tasks happen right after the event.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Outbound.Message.class, name = "message"),
        @JsonSubTypes.Type(value = Outbound.Document.class, name = "document"),
        @JsonSubTypes.Type(value = Outbound.Photo.class, name = "photo"),
        @JsonSubTypes.Type(value = Outbound.LeadWebhook.class, name = "webhook"),
        @JsonSubTypes.Type(value = Outbound.EditText.class, name = "edit"),
        @JsonSubTypes.Type(value = Outbound.AdminTask.class, name = "admin_task"),
        @JsonSubTypes.Type(value = Outbound.Copy.class, name = "copy"),
        @JsonSubTypes.Type(value = Outbound.Reminder.class, name = "reminder"),
        @JsonSubTypes.Type(value = Outbound.OpenTopic.class, name = "open_topic"),
        @JsonSubTypes.Type(value = Outbound.RenameTopic.class, name = "rename_topic")
})
public sealed interface Outbound {

    /** Whether it must survive a crash and be retried until delivered (the outbox), or is best effort. */
    @JsonIgnore
    default boolean durable() {
        return false;
    }

    /** The chat whose messages keep their order in the outbox (0 for calls to other systems). */
    @JsonIgnore
    default long orderingKey() {
        return 0;
    }

    /** What goes to one chat through the outbox, in order with that chat's other messages. */
    sealed interface ToChat extends Outbound {
        long chatId();

        @Override
        @JsonIgnore
        default boolean durable() {
            return true;
        }

        @Override
        @JsonIgnore
        default long orderingKey() {
            return chatId();
        }
    }

    /**
     * A message in Telegram's HTML subset ({@code <b>}, {@code <i>}); every user-supplied value in it is escaped.
     * {@code leadId} ties a message in the agency chat to a lead, so that a reply to it reaches the prospect.
     */
    record Message(long chatId, String html, Keyboard keyboard, Long leadId) implements ToChat {
        public Message(long chatId, String html) {
            this(chatId, html, Keyboard.NONE, null);
        }

        public Message(long chatId, String html, Keyboard keyboard) {
            this(chatId, html, keyboard, null);
        }
    }

    /** A file for a chat (the leads export), with a caption in the same HTML subset. */
    record Document(long chatId, String fileName, byte[] content, String caption) implements ToChat {
    }

    /** A picture shown in the chat (the /stats chart), PNG or JPEG bytes, with an optional caption in the HTML subset. */
    record Photo(long chatId, String fileName, byte[] content, String caption) implements ToChat {
    }

    /**
     * A lead's event for the agency's CRM, POSTed as JSON: {@code lead.created} (the lead), a step on the desk
     * ({@code lead.taken}, {@code lead.reassigned}, {@code lead.done}, {@code lead.reopened}) or
     * {@code lead.forgotten} (the person asked to delete their data). The lead id, the event and, for a step
     * that can happen more than once, {@code at} make the idempotency key.
     */
    record LeadWebhook(long leadId, String url, String json, String event, Long at) implements Outbound {
        public static final String CREATED = "lead.created";
        public static final String FORGOTTEN = "lead.forgotten";
        public static final String TAKEN = "lead.taken";
        public static final String REASSIGNED = "lead.reassigned";
        public static final String DONE = "lead.done";
        public static final String REOPENED = "lead.reopened";

        public LeadWebhook {
            event = event == null ? CREATED : event;
        }

        public LeadWebhook(long leadId, String url, String json, String event) {
            this(leadId, url, json, event, null);
        }

        public LeadWebhook(long leadId, String url, String json) {
            this(leadId, url, json, CREATED, null);
        }

        /** What the CRM sees in Idempotency-Key: the same for every retry of this call, different for every other. */
        @JsonIgnore
        public String idempotencyKey() {
            return "lead-" + leadId + (CREATED.equals(event) ? "" : "-" + event) + (at == null ? "" : "-" + at);
        }

        @Override
        public boolean durable() {
            return true;
        }
    }

    /**
     * A message passed on as it is, media included (a prospect's photo to the agency, a manager's file to the
     * prospect); {@code leadId} ties a copy in the agency chat to its lead, as for messages.
     */
    record Copy(long chatId, long fromChatId, long messageId, Long leadId) implements ToChat {
    }

    /** New text for a message the bot sent earlier, without buttons (a card whose person was forgotten). */
    record EditText(long chatId, long messageId, String html, Keyboard keyboard) implements ToChat {
        public EditText {
            keyboard = keyboard == null ? Keyboard.NONE : keyboard;
        }

        public EditText(long chatId, long messageId, String html) {
            this(chatId, messageId, html, Keyboard.NONE);
        }
    }

    /**
     * A forum topic of its own for a lead, where the agency chat has topics: the lead's card and every
     * message about it go there after it. Where the chat has none, nothing happens and they go to the chat.
     */
    record OpenTopic(long chatId, long leadId, String name) implements ToChat {
    }

    /** A new name for a lead's forum topic (its person was forgotten); nothing where the lead has none. */
    record RenameTopic(long chatId, long leadId, String name) implements ToChat {
    }

    /** Replaces the buttons under a message sent earlier (a lead card once taken or done); best effort. */
    record EditButtons(long chatId, long messageId, Keyboard keyboard) implements Outbound {
    }

    /**
     * Acknowledges a button press (Telegram shows a spinner until it is answered); best effort. With
     * {@code alert} the text is a pop-up the presser must dismiss, not a passing notice.
     */
    record ButtonAnswer(String callbackId, String text, boolean alert) implements Outbound {
        public ButtonAnswer(String callbackId, String text) {
            this(callbackId, text, false);
        }
    }

    /**
     * An admin's command that needs more than the conversation's store (reloading knowledge, statistics,
     * an uploaded file): stored with the event and carried out by the outbox like a message, so that a
     * restart during a download resumes it; its reply goes to {@code chatId}, after it.
     */
    record AdminTask(long chatId, long userId, String command, String argument, Lang lang, String fileId,
                     String fileName) implements ToChat {
    }

    /**
     * Something to look at again later: a lead nobody took, a prospect's message nobody answered, a prospect
     * who stopped half-way. It waits in the outbox until {@code due}, like a message, so that a restart
     * neither loses nor repeats it; when due, the engine checks whether it still applies (the lead may have
     * been taken meanwhile) and only then reminds someone.
     *
     * @param subject the lead, or for {@link Kind#PROSPECT_STOPPED} the prospect's chat
     * @param since   when what it waits on began (the lead, the first unanswered message, the prospect's last
     *                message): a reminder is sent once per subject, kind and {@code since}
     */
    record Reminder(Kind kind, long subject, java.time.Instant since, java.time.Instant due) implements Outbound {
        public enum Kind { LEAD_NOT_TAKEN, LEAD_STILL_NOT_TAKEN, MESSAGE_UNANSWERED, PROSPECT_STOPPED }

        /**
         * A key of its own, below every chat id: a reminder waiting for its time must not hold up the messages
         * of any chat, nor wait behind them.
         */
        public static long orderingKeyOf(Kind kind, long subject) {
            return Long.MIN_VALUE + subject * Kind.values().length + kind.ordinal();
        }

        /** The lead it is about, or null for a chat's reminder. */
        @JsonIgnore
        public Long leadId() {
            return kind == Kind.PROSPECT_STOPPED ? null : subject;
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public long orderingKey() {
            return orderingKeyOf(kind, subject);
        }
    }
}
