package cmoadvisor.telegram;

import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.util.List;
import java.util.concurrent.Executors;

/**
 * Long polling with the TelegramBots library, guarded against its traps:
 * <ul>
 *   <li>it confirms an update to Telegram before the consumer has run, so the consumer stores every update
 *       before returning, retrying until the store takes it: an update once given is never lost;</li>
 *   <li>an exception out of the consumer silently ends its polling task, so the consumer never throws;</li>
 *   <li>its back-off grows to 15 minutes and its start fails for good without a network, so the back-off
 *       is capped at 30 s and the start is retried on the same schedule.</li>
 * </ul>
 */
public final class TelegramPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelegramPoller.class);

    /** Where updates go: a durable store. May throw while the store is down; it is retried. */
    public interface UpdateSink {
        /** Stores the updates together (one commit for a whole poll). */
        void store(List<Update> updates);

        /** An update the library could not read: its raw JSON and where it did not read. May throw; it is retried. */
        void storeUnreadable(int updateId, String json, String problem);

        /** Called after a batch is stored, to start processing it. */
        void stored();
    }

    private final String token;
    private final TelegramUrl url;
    private final UpdateSink sink;
    private final TelegramBotsLongPollingApplication application;
    private final TelegramClient client;
    private final java.util.concurrent.CompletableFuture<String> wrongToken = new java.util.concurrent.CompletableFuture<>();
    private static final int BATCH = 100;
    private static final int LONG_POLL_SECONDS = 50;
    private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");
    private final TolerantGetUpdates.Unreadable unreadable = new TolerantGetUpdates.Unreadable();
    private volatile boolean running;
    private Thread starter;

    /**
     * @param client asks Telegram who the bot is before polling: a token it refuses stops the poller (and
     *               completes {@link #wrongToken()}) instead of being retried for ever
     */
    public TelegramPoller(String token, TelegramUrl url, OkHttpClient http, TelegramClient client, UpdateSink sink) {
        this.client = client;
        this.token = token;
        this.url = url;
        this.sink = sink;
        this.application = new TelegramBotsLongPollingApplication(
                com.fasterxml.jackson.databind.ObjectMapper::new,
                () -> http,
                () -> Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "telegram-poller");
                    t.setDaemon(true);
                    return t;
                }),
                CappedBackOff::new);
    }

    /** Starts polling in the background; keeps trying every ≤30 s while Telegram cannot be reached. */
    public void start() {
        running = true;
        starter = new Thread(this::startWithRetries, "telegram-poller-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Completed, with Telegram's words, when Telegram refuses the token: the bot cannot work and should stop. */
    public java.util.concurrent.CompletableFuture<String> wrongToken() {
        return wrongToken;
    }

    private void startWithRetries() {
        CappedBackOff backOff = new CappedBackOff();
        while (running) {
            try {
                java.util.Optional<String> refused = TokenCheck.refusal(client);
                if (refused.isPresent()) {
                    log.error("Telegram refuses the token ({}): TELEGRAM_BOT_TOKEN is wrong; polling stops", refused.get());
                    wrongToken.complete(refused.get());
                    return;
                }
            } catch (TelegramApiException | RuntimeException e) {
                // The network, a proxy, Telegram itself: worth another try.
                if (!sleepAfter(backOff, e)) {
                    return;
                }
                continue;
            }
            try {
                application.registerBot(token, () -> url,
                        last -> new TolerantGetUpdates(last + 1, BATCH, LONG_POLL_SECONDS, ALLOWED_UPDATES, unreadable),
                        this::consume);
                log.info("polling {}://{}:{} for updates", url.getSchema(), url.getHost(), url.getPort());
                return;
            } catch (TelegramApiException | RuntimeException e) {
                // The library keeps a session that failed to start: without this the next try would be
                // refused as "already registered".
                try {
                    application.unregisterBot(token);
                } catch (TelegramApiException | RuntimeException notRegistered) {
                    e.addSuppressed(notRegistered);
                }
                if (!sleepAfter(backOff, e)) {
                    return;
                }
            }
        }
    }

    private boolean sleepAfter(CappedBackOff backOff, Exception e) {
        long wait = backOff.nextBackOffMillis();
        log.warn("cannot start polling Telegram ({}); trying again in {} s", e.getMessage(), wait / 1000);
        return sleep(wait);
    }

    private void consume(List<Update> updates) {
        CappedBackOff backOff = new CappedBackOff();
        List<Update> readable = new java.util.ArrayList<>();
        for (Update update : updates) {
            TolerantGetUpdates.Unreadable.Raw raw = unreadable.take(update.getUpdateId());
            if (raw == null) {
                readable.add(update);
            } else {
                storeWithRetries(backOff, "update " + update.getUpdateId(), () -> {
                    try {
                        sink.storeUnreadable(update.getUpdateId(), raw.json(), raw.problem());
                    } catch (RuntimeException e) {
                        unreadable.put(update.getUpdateId(), raw.json(), raw.problem());
                        throw e;
                    }
                });
            }
        }
        if (!readable.isEmpty()) {
            storeWithRetries(backOff, readable.size() + " update(s) from " + readable.get(0).getUpdateId(),
                    () -> sink.store(readable));
        }
        try {
            sink.stored();
        } catch (RuntimeException e) {
            log.error("could not start processing stored updates; they stay stored", e);
        }
    }

    /**
     * Stored even while stopping: a poll still in flight at shutdown returns its updates here, and the
     * library's next poll would confirm them to Telegram whether or not they were kept.
     */
    private void storeWithRetries(CappedBackOff backOff, String what, Runnable store) {
        while (true) {
            try {
                store.run();
                return;
            } catch (RuntimeException e) {
                long wait = backOff.nextBackOffMillis();
                log.error("cannot store {}; trying again in {} s", what, wait / 1000, e);
                if (!sleep(wait)) {
                    log.error("stopped before {} could be stored", what);
                    return;
                }
            }
        }
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (starter != null) {
            starter.interrupt();
        }
        try {
            application.close();
        } catch (Exception e) {
            log.warn("stopping the poller failed", e);
        }
    }

    /** Telegram's API address from TELEGRAM_API_URL: scheme, host and port; a path is not supported. */
    public static TelegramUrl parseUrl(String value) {
        java.net.URI uri = java.net.URI.create(value.strip());
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be http(s)://host[:port], not '" + value + "'");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new IllegalArgumentException("must not have a path ('" + uri.getPath() + "'): the client adds /bot<token>/<method>");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new TelegramUrl(scheme, uri.getHost(), port, false);
    }
}
