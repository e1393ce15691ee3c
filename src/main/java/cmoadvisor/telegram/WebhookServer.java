package cmoadvisor.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Webhook mode's HTTP side, on the JDK's own server (three routes need no framework):
 * <pre>
 *   POST {path}    an update from Telegram: 401 without X-Telegram-Bot-Api-Secret-Token, 403 with a wrong
 *                  one (nothing read); 200 only once the update is stored (a repeat of a stored update_id
 *                  is stored once); 500 when the store refuses, so that Telegram sends it again
 *   GET /health    200 while the database answers, 503 when it does not (the platform's check)
 *   GET /metrics   Prometheus text format
 * </pre>
 */
public final class WebhookServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
    /** Telegram's updates are a few kilobytes; anything far larger is not one. */
    private static final int MAX_BODY = 1 << 20;
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final byte[] secret;
    private final TelegramPoller.UpdateSink sink;
    private final BooleanSupplier healthy;
    private final Supplier<String> metrics;
    private final ObjectMapper json = new ObjectMapper();

    public WebhookServer(int port, String path, String secret, TelegramPoller.UpdateSink sink, BooleanSupplier healthy,
                         Supplier<String> metrics) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.sink = sink;
        this.healthy = healthy;
        this.metrics = metrics;
        // The JDK's server writes a response's headers and body apart; without TCP_NODELAY the body waits for
        // the client's delayed ACK (about 40 ms a request). Read once, when the server's classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            this.server = HttpServer.create(new InetSocketAddress(port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the webhook on port " + port + ": " + e.getMessage(), e);
        }
        this.handlers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext(path, this::update);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
    }

    public void start() {
        server.start();
        log.info("serving the webhook on port {}", port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void update(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "POST only");
                return;
            }
            String given = exchange.getRequestHeaders().getFirst(SECRET_HEADER);
            if (given == null) {
                reply(exchange, 401, "secret token missing");
                return;
            }
            // Compared in constant time: the answer's timing tells nothing about the secret.
            if (!MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
                reply(exchange, 403, "wrong secret token");
                return;
            }
            byte[] body = read(exchange.getRequestBody());
            if (body == null) {
                reply(exchange, 413, "too large for an update");
                return;
            }
            JsonNode tree;
            try {
                tree = json.readTree(body);
            } catch (IOException e) {
                reply(exchange, 400, "not JSON");
                return;
            }
            if (tree == null || !tree.path("update_id").canConvertToInt()) {
                reply(exchange, 400, "no update_id");
                return;
            }
            try {
                store(tree, new String(body, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                log.warn("update {} not stored ({}); Telegram will send it again", tree.path("update_id").asInt(), e.toString());
                reply(exchange, 500, "not stored");
                return;
            }
            reply(exchange, 200, "ok");
            sink.stored();
        }
    }

    private void store(JsonNode tree, String raw) {
        Update update;
        try {
            update = json.treeToValue(tree, Update.class);
        } catch (IOException e) {
            sink.storeUnreadable(tree.path("update_id").asInt(), raw, TolerantGetUpdates.problem(e, 0));
            return;
        }
        sink.store(List.of(update));
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean ok;
            try {
                ok = healthy.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            reply(exchange, ok ? 200 : 503, ok ? "ok" : "the database does not answer");
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            byte[] text = metrics.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, text.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(text);
            }
        }
    }

    /** The body, or null when it is larger than an update can be. */
    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving; never deletes the webhook, which other instances may still serve. */
    @Override
    public void close() {
        server.stop(1);
        handlers.shutdownNow();
    }
}
