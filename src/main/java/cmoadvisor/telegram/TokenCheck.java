package cmoadvisor.telegram;

import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.util.Optional;

/** Asks Telegram who the bot is, before polling or registering a webhook: a wrong token stops the bot. */
final class TokenCheck {
    private TokenCheck() {
    }

    /**
     * Telegram's answer when it refuses the token (401, 404), or empty when it knows the bot.
     *
     * @throws TelegramApiException anything else (the network, Telegram itself): worth another try
     */
    static Optional<String> refusal(TelegramClient client) throws TelegramApiException {
        try {
            client.execute(new GetMe());
            return Optional.empty();
        } catch (TelegramApiRequestException e) {
            int code = e.getErrorCode() == null ? 0 : e.getErrorCode();
            if (code == 401 || code == 404) {
                return Optional.of((code + " " + (e.getApiResponse() == null ? "" : e.getApiResponse())).strip());
            }
            throw e;
        }
    }
}
