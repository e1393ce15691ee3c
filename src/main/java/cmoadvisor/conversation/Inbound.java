package cmoadvisor.conversation;

/** What reaches the bot from a chat, free of any transport's types. */
public sealed interface Inbound {
    long chatId();

    Person from();

    /** A text message (or command); {@code replyTo} is the id of the message it answers, if any. */
    record Text(long chatId, Person from, String text, Long replyTo) implements Inbound {
    }

    /** A phone number shared with the share-contact button; {@code ownContact} when it is the sender's own. */
    record SharedContact(long chatId, Person from, String phone, boolean ownContact) implements Inbound {
    }

    /** A press of an inline button: {@code data} is the button's stable id, never its label. */
    record ButtonPress(long chatId, Person from, String callbackId, long messageId, String data) implements Inbound {
    }

    /** A file sent to the bot; admins upload knowledge files this way. */
    record Document(long chatId, Person from, String fileId, String fileName, String caption) implements Inbound {
    }

    /** Anything else the bot cannot read (a sticker, a photo, a voice message). */
    record Unsupported(long chatId, Person from) implements Inbound {
    }
}
