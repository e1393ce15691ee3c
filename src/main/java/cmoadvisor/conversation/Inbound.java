package cmoadvisor.conversation;

/** Something a user sent: a text message or a command, from a chat identified by {@code chatId}. */
public record Inbound(long chatId, String text) {
}
