package cmoadvisor.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lean local Bot API on 127.0.0.1, for the {@code warm-up} command (the bot's own start, offline) and for
 * the load harness among the tests: getUpdates (long polling, confirmed by offset) and sendMessage as fast
 * as the JDK's HTTP server answers, every other method a bare success. Unlike the tests' {@code
 * FakeTelegramServer} it validates and records nothing, so that it costs the bots under load the same
 * little CPU; each sendMessage is reported to a listener with its chat.
 */
public final class LocalBotApi implements AutoCloseable {
    private static final Pattern CHAT_ID = Pattern.compile("\"chat_id\"\\s*:\\s*\"?(-?\\d+)");
    private static final Pattern OFFSET = Pattern.compile("\"offset\"\\s*:\\s*(-?\\d+)");
    private static final Pattern TIMEOUT = Pattern.compile("\"timeout\"\\s*:\\s*(\\d+)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Object updatesLock = new Object();
    /** Updates not confirmed yet, oldest first; the first has id {@link #firstId}. */
    private final List<String> updates = new ArrayList<>();
    private long firstId = 1;
    private long nextId = 1;
    private final AtomicLong messageIds = new AtomicLong(1);
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> calls =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile LongConsumer onMessage = chat -> { };
    private boolean closing;

    public LocalBotApi() throws IOException {
        // Without it a response written in two parts waits for the client's delayed ACK (Nagle): ~40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Who hears of each sendMessage, with its chat id, on the server's thread. */
    public void onMessage(LongConsumer listener) {
        this.onMessage = listener;
    }

    /** How many calls of each method (in lower case) the server has answered so far. */
    public java.util.Map<String, Long> callsSoFar() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        calls.forEach((method, count) -> counts.put(method, count.sum()));
        return counts;
    }

    /** A private text message from {@code chat} (its user has the same id), ready for the next getUpdates. */
    public void userText(long chat, String text) {
        synchronized (updatesLock) {
            long id = nextId++;
            updates.add("{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id + ",\"date\":1764600000,"
                    + "\"chat\":{\"id\":" + chat + ",\"type\":\"private\",\"first_name\":\"Load\"},"
                    + "\"from\":{\"id\":" + chat + ",\"is_bot\":false,\"first_name\":\"Load\",\"language_code\":\"ru\"},"
                    + "\"text\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}");
            updatesLock.notifyAll();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            // TelegramBots writes method names in lower case.
            String method = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
            calls.computeIfAbsent(method, m -> new java.util.concurrent.atomic.LongAdder()).increment();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // TelegramBots sends every call's parameters as a JSON body.
            String params = body;
            String result = switch (method) {
                case "getme" -> "{\"id\":123456,\"is_bot\":true,\"first_name\":\"Bench\",\"username\":\"bench_bot\"}";
                case "getupdates" -> takeUpdates(params);
                case "sendmessage" -> sent(params);
                default -> "true";
            };
            byte[] bytes = ("{\"ok\":true,\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String sent(String params) {
        Matcher chat = CHAT_ID.matcher(params);
        long chatId = chat.find() ? Long.parseLong(chat.group(1)) : 0;
        onMessage.accept(chatId);
        return "{\"message_id\":" + messageIds.getAndIncrement() + ",\"date\":1764600000,\"chat\":{\"id\":" + chatId
                + ",\"type\":\"private\"},\"text\":\"ok\"}";
    }

    private String takeUpdates(String params) throws InterruptedException {
        Matcher offset = OFFSET.matcher(params);
        Matcher timeout = TIMEOUT.matcher(params);
        long confirmed = offset.find() ? Long.parseLong(offset.group(1)) : 0;
        long waitMillis = Math.min(timeout.find() ? Long.parseLong(timeout.group(1)) * 1000 : 0, 5_000);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        synchronized (updatesLock) {
            while (confirmed > firstId && !updates.isEmpty()) {
                updates.remove(0);
                firstId++;
            }
            while (updates.isEmpty() && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return "[]";
                }
                TimeUnit.NANOSECONDS.timedWait(updatesLock, left);
            }
            return "[" + String.join(",", updates.subList(0, Math.min(100, updates.size()))) + "]";
        }
    }

    @Override
    public void close() {
        synchronized (updatesLock) {
            // A long poll still waiting is answered (no updates) rather than cut off mid-request.
            closing = true;
            updatesLock.notifyAll();
        }
        server.stop(1);
        threads.shutdownNow();
    }
}
