package cmoadvisor.telegram;

import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

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
        void store(Update update);

        /** Called after a batch is stored, to start processing it. */
        void stored();
    }

    private final String token;
    private final TelegramUrl url;
    private final UpdateSink sink;
    private final TelegramBotsLongPollingApplication application;
    private volatile boolean running;
    private Thread starter;

    public TelegramPoller(String token, TelegramUrl url, OkHttpClient http, UpdateSink sink) {
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

    private void startWithRetries() {
        CappedBackOff backOff = new CappedBackOff();
        while (running) {
            try {
                application.registerBot(token, () -> url,
                        new DefaultGetUpdatesGenerator(List.of("message", "callback_query")), this::consume);
                log.info("polling {}://{}:{} for updates", url.getSchema(), url.getHost(), url.getPort());
                return;
            } catch (TelegramApiException | RuntimeException e) {
                long wait = backOff.nextBackOffMillis();
                log.warn("cannot start polling Telegram ({}); trying again in {} s", e.getMessage(), wait / 1000);
                if (!sleep(wait)) {
                    return;
                }
            }
        }
    }

    private void consume(List<Update> updates) {
        CappedBackOff backOff = new CappedBackOff();
        for (Update update : updates) {
            // Stored even while stopping: a poll still in flight at shutdown returns its updates here, and the
            // library's next poll would confirm them to Telegram whether or not they were kept.
            while (true) {
                try {
                    sink.store(update);
                    break;
                } catch (RuntimeException e) {
                    long wait = backOff.nextBackOffMillis();
                    log.error("cannot store update {}; trying again in {} s", update.getUpdateId(), wait / 1000, e);
                    if (!sleep(wait)) {
                        log.error("stopped before update {} could be stored", update.getUpdateId());
                        break;
                    }
                }
            }
        }
        try {
            sink.stored();
        } catch (RuntimeException e) {
            log.error("could not start processing stored updates; they stay stored", e);
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
