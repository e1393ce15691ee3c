package cmoadvisor.conversation;

/** What reaches the bot from a chat, free of any transport's types. */
public sealed interface Inbound {
    long chatId();

    Person from();

    /**
     * A text message (or command); {@code replyTo} is the id of the message it answers, if any, and
     * {@code threadId} the forum topic it was written in, in a group that has topics.
     */
    record Text(long chatId, Person from, String text, Long replyTo, Long threadId) implements Inbound {
        public Text(long chatId, Person from, String text, Long replyTo) {
            this(chatId, from, text, replyTo, null);
        }
    }

    /** A phone number shared with the share-contact button; {@code ownContact} when it is the sender's own. */
    record SharedContact(long chatId, Person from, String phone, boolean ownContact, long messageId) implements Inbound {
        public SharedContact(long chatId, Person from, String phone, boolean ownContact) {
            this(chatId, from, phone, ownContact, 0);
        }
    }

    /** A press of an inline button: {@code data} is the button's stable id, never its label. */
    record ButtonPress(long chatId, Person from, String callbackId, long messageId, String data) implements Inbound {
    }

    /** A file sent to the bot; admins upload knowledge files this way. {@code messageId} lets it be copied on. */
    record Document(long chatId, Person from, String fileId, String fileName, String caption, long messageId)
            implements Inbound {
        public Document(long chatId, Person from, String fileId, String fileName, String caption) {
            this(chatId, from, fileId, fileName, caption, 0);
        }
    }

    /**
     * A message the bot does not read but can pass on as it is (a photo, a voice message, a video note, a
     * sticker, a location, a contact): {@code kind} names it, {@code replyTo} is the bot's message it answers.
     */
    record Media(long chatId, Person from, long messageId, String kind, Long replyTo, Long threadId) implements Inbound {
        public Media(long chatId, Person from, long messageId, String kind, Long replyTo) {
            this(chatId, from, messageId, kind, replyTo, null);
        }
    }

    /** Anything else the bot cannot read or pass on. */
    record Unsupported(long chatId, Person from) implements Inbound {
    }
}
