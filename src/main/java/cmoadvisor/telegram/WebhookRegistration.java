package cmoadvisor.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tells Telegram where to send updates (setWebhook with the shared secret), in the background, retried
 * every ≤30 s while Telegram cannot be reached. Every instance registers the same URL and secret, so a
 * second registration changes nothing; none ever deletes the webhook, which would cut off the others.
 */
public final class WebhookRegistration implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookRegistration.class);
    private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");

    private final TelegramClient client;
    private final String url;
    private final String secret;
    private final CompletableFuture<String> wrongToken = new CompletableFuture<>();
    private final CompletableFuture<Void> registered = new CompletableFuture<>();
    private Thread thread;

    public WebhookRegistration(TelegramClient client, String url, String secret) {
        this.client = client;
        this.url = url;
        this.secret = secret;
    }

    public void start() {
        thread = new Thread(this::register, "telegram-webhook-registration");
        thread.setDaemon(true);
        thread.start();
    }

    /** Completed, with Telegram's words, when Telegram refuses the token. */
    public CompletableFuture<String> wrongToken() {
        return wrongToken;
    }

    public CompletableFuture<Void> registered() {
        return registered;
    }

    private void register() {
        CappedBackOff backOff = new CappedBackOff();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                java.util.Optional<String> refused = TokenCheck.refusal(client);
                if (refused.isPresent()) {
                    log.error("Telegram refuses the token ({}): TELEGRAM_BOT_TOKEN is wrong", refused.get());
                    wrongToken.complete(refused.get());
                    return;
                }
                client.execute(SetWebhook.builder().url(url).secretToken(secret).allowedUpdates(ALLOWED_UPDATES).build());
                log.info("webhook registered: Telegram sends updates to {}", cmoadvisor.text.Urls.withoutCredentials(url));
                registered.complete(null);
                return;
            } catch (TelegramApiException | RuntimeException e) {
                long wait = backOff.nextBackOffMillis();
                log.warn("cannot register the webhook ({}); trying again in {} s", e.getMessage(), wait / 1000);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
