package cmoadvisor.telegram;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * A {@code sendMessage} whose answer is read for the sent message's id alone, the one thing the bot keeps of
 * it: TelegramBots reads the whole message back (its chat, its sender, its text and entities), about 2% of
 * the bot's CPU under load. Telegram answers {@code {"ok":true,"result":{"message_id":…}}} in that order;
 * any other answer (an error, another layout) is read by TelegramBots as before.
 */
final class SendMessageForItsId extends SendMessage {
    private static final String SENT = "{\"ok\":true,\"result\":{\"message_id\":";

    SendMessageForItsId(SendMessage.SendMessageBuilder<?, ?> builder) {
        super(builder);
    }

    @Override
    public Message deserializeResponse(String answer) throws TelegramApiRequestException {
        Integer id = idOf(answer);
        if (id == null) {
            return super.deserializeResponse(answer);
        }
        Message sent = new Message();
        sent.setMessageId(id);
        return sent;
    }

    /** The message id at the head of a successful answer, or null when the answer is not laid out so. */
    static Integer idOf(String answer) {
        if (answer == null || !answer.startsWith(SENT)) {
            return null;
        }
        int end = SENT.length();
        long id = 0;
        while (end < answer.length() && Character.isDigit(answer.charAt(end)) && end - SENT.length() < 10) {
            id = id * 10 + (answer.charAt(end) - '0');
            end++;
        }
        boolean whole = end > SENT.length() && end < answer.length() && (answer.charAt(end) == ',' || answer.charAt(end) == '}');
        return whole && id <= Integer.MAX_VALUE ? (int) id : null;
    }
}
