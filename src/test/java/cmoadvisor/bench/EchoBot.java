package cmoadvisor.bench;

import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.LongPollingSingleThreadUpdateConsumer;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * The yardstick of the load harness: the smallest bot TelegramBots' documentation shows, long polling and
 * answering every text with itself, one update at a time. It stores nothing, so what the advisor costs
 * beyond it is the price of its durability and its answers.
 * usage: EchoBot TOKEN API_URL
 */
public final class EchoBot implements LongPollingSingleThreadUpdateConsumer {
    private final TelegramClient client;

    private EchoBot(TelegramClient client) {
        this.client = client;
    }

    @Override
    public void consume(Update update) {
        if (update.hasMessage() && update.getMessage().hasText()) {
            try {
                client.execute(SendMessage.builder().chatId(update.getMessage().getChatId())
                        .text(update.getMessage().getText()).build());
            } catch (TelegramApiException e) {
                System.err.println("echo failed: " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String token = args[0];
        URI api = URI.create(args[1]);
        TelegramUrl url = new TelegramUrl(api.getScheme(), api.getHost(), api.getPort(), false);
        TelegramClient client = new OkHttpTelegramClient(token, url);
        try (TelegramBotsLongPollingApplication application = new TelegramBotsLongPollingApplication()) {
            application.registerBot(token, () -> url, new org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator(),
                    new EchoBot(client));
            new CountDownLatch(1).await();
        }
    }
}
