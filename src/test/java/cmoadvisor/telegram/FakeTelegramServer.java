package cmoadvisor.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * A stand-in for the Telegram Bot API on 127.0.0.1, so that end-to-end tests can run the real TelegramBots client
 * and long poller. It behaves like Telegram wherever the bot could notice a difference: the response envelope, the
 * error codes and descriptions, getUpdates' confirmation by offset and long polling, and the validation of HTML
 * text and inline keyboards that makes Telegram reject a message. Every call is recorded, so tests can wait for
 * what the bot sent instead of sleeping.
 *
 * <p>Deliberately stricter than Telegram: a bare {@code &} or unknown named entity is an error (Telegram prints it
 * literally), because in the bot's HTML it always means text was not escaped. Not modelled: Markdown parse modes
 * (their text is taken literally), the {@code entities} of sent messages, files other than documents and photos,
 * HTTP URLs as files, size limits of files, the smaller sizes Telegram makes of a photo, and the per-chat rules
 * (every integer chat exists).
 *
 * <p>Files: sendDocument and sendPhoto take an upload (multipart/form-data, as TelegramBots sends it) or a known
 * file_id; a photo must decode as an image of dimensions Telegram accepts. Files
 * a test registers ({@link #addFile}, {@link #userDocument}) or the bot uploaded can be looked up with getFile and
 * downloaded from {@code /file/bot<token>/<file_path>}. TelegramBots 10.2 downloads from api.telegram.org whatever
 * {@link TelegramUrl} its client has, so a real client needs {@link #fileDownloadRedirect()} to download from here.
 */
public final class FakeTelegramServer implements AutoCloseable {

    /**
     * One call the bot made. {@code method} is lower-case ("file" for a download from the file server, with the
     * file_path as its only parameter); {@code params} merges the query string and the body, with JSON-valued
     * fields sent as strings (form or multipart encoding) parsed and integer ids as numbers; {@code files} holds
     * the file parts of a multipart body, and is empty for any other call.
     */
    public record Request(String method, ObjectNode params, List<UploadedFile> files, int status, Instant at,
                          com.fasterxml.jackson.databind.JsonNode response) {

        public boolean ok() {
            return status == 200;
        }

        /** The id of the message a successful sendMessage created. */
        public long messageId() {
            return response == null ? 0 : response.path("result").path("message_id").asLong();
        }

        public long chatId() {
            return params.path("chat_id").asLong();
        }

        public String text() {
            return params.path("text").asText("");
        }

        /** The forum topic the message was sent to, or 0 for the chat itself. */
        public long threadId() {
            return params.path("message_thread_id").asLong(0);
        }

        /** The caption as sent (before parsing), or "" without one. */
        public String caption() {
            return params.path("caption").asText("");
        }

        /**
         * The file a sendDocument uploaded: the part its document field names ({@code attach://<part>}), else a
         * file part called document; null when it sent a file_id instead.
         */
        public UploadedFile uploadedDocument() {
            return attachedFile(params, files, "document");
        }

        /** The file a sendPhoto uploaded, found as {@link #uploadedDocument()} is; null for a file_id. */
        public UploadedFile uploadedPhoto() {
            return attachedFile(params, files, "photo");
        }

        @Override
        public String toString() {
            String shown = params.toString();
            return status + " " + method + " " + (shown.length() > 300 ? shown.substring(0, 300) + "…" : shown);
        }
    }

    /**
     * A file part of a multipart/form-data call: {@code field} is the part's name, {@code contentType} its
     * Content-Type (text/plain when it had none, as RFC 7578 says). The array is the recorded one: do not modify it.
     */
    public record UploadedFile(String field, String fileName, String contentType, byte[] content) {

        public String contentAsUtf8() {
            return new String(content, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return field + "=" + fileName + " (" + contentType + ", " + content.length + " bytes)";
        }
    }

    public static final String BOT_FIRST_NAME = "CMO Advisor";
    public static final String BOT_USERNAME = "cmo_advisor_bot";

    private static final Logger log = LoggerFactory.getLogger(FakeTelegramServer.class);
    private static final String HOST = "127.0.0.1";
    private static final long DEFAULT_BOT_ID = 7_000_000_001L;
    /** The bot's messages are numbered from 1, users' from here, so the two never share an id in one chat. */
    private static final long FIRST_USER_MESSAGE_ID = 1_000_001L;
    private static final int MAX_TEXT_LENGTH = 4096;
    private static final int MAX_CALLBACK_DATA_BYTES = 64;
    private static final int MAX_UPDATES_LIMIT = 100;
    private static final Duration FAST_POLL_CAP = Duration.ofSeconds(2);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    private static final int MAX_CAPTION_LENGTH = 1024;
    private static final Pattern PATH = Pattern.compile("^/bot([^/]*)/(?:test/)?([^/]+)$");
    /** Downloads; file paths this server gives out never start with "test/". */
    private static final Pattern FILE_PATH = Pattern.compile("^/file/bot([^/]*)/(?:test/)?(.+)$");
    private static final String ATTACH_PREFIX = "attach://";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern BUTTON_URL = Pattern.compile("(?i)(https?|tg)://\\S+");
    private static final Pattern BOT_COMMAND = Pattern.compile("[a-z0-9_]{1,32}");
    /** Fields Telegram takes as JSON; form-encoded clients send them as JSON strings. */
    private static final Set<String> JSON_FIELDS = Set.of("reply_markup", "entities", "reply_parameters",
            "link_preview_options", "commands", "scope", "menu_button", "allowed_updates");
    private static final Set<String> INTEGER_FIELDS = Set.of("chat_id", "message_id", "offset", "limit", "timeout",
            "user_id", "reply_to_message_id", "message_thread_id", "cache_time");
    private static final Set<String> CHAT_ACTIONS = Set.of("typing", "upload_photo", "record_video", "upload_video",
            "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location",
            "record_video_note", "upload_video_note");
    /** Any one of these makes an inline button do something; a button with none is rejected. */
    private static final Set<String> BUTTON_ACTIONS = Set.of("url", "callback_data", "web_app", "login_url",
            "switch_inline_query", "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
            "copy_text", "callback_game", "pay");

    /** A Bot API method: parameters and uploaded files in, the {@code result} out, or an {@link ApiError}. */
    @FunctionalInterface
    private interface ApiMethod {
        JsonNode call(ObjectNode params, List<UploadedFile> files) throws ApiError;
    }

    /** A failure answered in the Bot API envelope. */
    private static final class ApiError extends Exception {
        final int status;
        final Integer retryAfter;
        final Long migrateTo;

        ApiError(int status, String description, Integer retryAfter) {
            this(status, description, retryAfter, null);
        }

        ApiError(int status, String description, Integer retryAfter, Long migrateTo) {
            super(description);
            this.status = status;
            this.retryAfter = retryAfter;
            this.migrateTo = migrateTo;
        }

        static ApiError badRequest(String what) {
            return new ApiError(400, "Bad Request: " + what, null);
        }
    }

    private record Failure(int status, String description, Integer retryAfter) {
    }

    /** How a chat refuses every call addressed to it, until {@link #acceptChat}. */
    private record ChatRefusal(int status, String description, Long migrateTo) {
    }

    private final Map<Long, ChatRefusal> refusedChats = new java.util.concurrent.ConcurrentHashMap<>();
    /** The command menus set, as Telegram keeps them: "scope|language" → the commands' names. */
    private final Map<String, List<String>> commandMenus = new TreeMap<>();

    private com.fasterxml.jackson.databind.JsonNode responseOf(Reply reply) {
        if (!reply.contentType().startsWith("application/json")) {
            return null;
        }
        try {
            return json.readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Reply(int status, String contentType, byte[] body) {
    }

    /** A file Telegram keeps: what getFile describes and the file server sends. Its bytes are never modified. */
    private record StoredFile(String fileId, String fileUniqueId, String fileName, byte[] content) {

        String filePath() {
            return "documents/" + fileId + "/" + fileName;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private final long botId;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, ApiMethod> methods;
    private final AtomicLong nextBotMessageId = new AtomicLong(1);
    private final AtomicLong nextUserMessageId = new AtomicLong(FIRST_USER_MESSAGE_ID);
    private final AtomicLong nextCallbackId = new AtomicLong(1);
    private final AtomicLong nextFileNumber = new AtomicLong(1);
    private volatile boolean unavailable;
    private volatile boolean fastPolling = true;

    /** Guards every field below; waiters (long polls and tests) wait on it and are woken by notifyAll. */
    private final Object lock = new Object();
    private final NavigableMap<Long, ObjectNode> updates = new TreeMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final Map<String, StoredFile> storedFiles = new HashMap<>();
    private long nextUpdateId = 1;
    private long confirmedOffset;
    private long pollsStarted;
    private int activeExchanges;
    private boolean closed;

    private FakeTelegramServer(String token) throws IOException {
        this.token = token;
        String idPart = token.contains(":") ? token.substring(0, token.indexOf(':')) : "";
        this.botId = INTEGER.matcher(idPart).matches() ? Long.parseLong(idPart) : DEFAULT_BOT_ID;
        // Only sendDocument and sendPhoto look at uploaded files; the other methods see just the parameters.
        this.methods = Map.ofEntries(
                Map.entry("getme", (params, files) -> botUser()),
                Map.entry("deletewebhook", (params, files) -> deleteWebhook(params)),
                Map.entry("setwebhook", (params, files) -> setWebhook(params)),
                Map.entry("setmycommands", (params, files) -> setMyCommands(params)),
                Map.entry("deletemycommands", (params, files) -> deleteMyCommands(params)),
                Map.entry("setchatmenubutton", (params, files) -> BooleanNode.TRUE),
                Map.entry("sendchataction", (params, files) -> sendChatAction(params)),
                Map.entry("answercallbackquery", (params, files) -> answerCallbackQuery(params)),
                Map.entry("getupdates", (params, files) -> getUpdates(params)),
                Map.entry("sendmessage", (params, files) -> sendMessage(params)),
                Map.entry("senddocument", this::sendDocument),
                Map.entry("sendphoto", this::sendPhoto),
                Map.entry("getfile", (params, files) -> getFile(params)),
                Map.entry("editmessagetext", (params, files) -> editMessageText(params)),
                Map.entry("copymessage", (params, files) -> copyMessage(params)),
                Map.entry("createforumtopic", (params, files) -> createForumTopic(params)),
                Map.entry("editforumtopic", (params, files) -> editForumTopic(params)),
                Map.entry("deletemessage", (params, files) -> deleteMessage(params)),
                Map.entry("editmessagereplymarkup", (params, files) -> editMessageReplyMarkup(params)));
        AtomicInteger threads = new AtomicInteger();
        // Long polls hold their thread, so the pool must grow; daemon threads cannot keep a forgotten server alive.
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-telegram-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Without it each response's body waits for the client's delayed ACK (Nagle): about 40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server for the bot with this token on an ephemeral port of 127.0.0.1. */
    public static FakeTelegramServer start(String token) {
        try {
            return new FakeTelegramServer(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Telegram server", e);
        }
    }

    public String baseUrl() {
        return "http://" + HOST + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The same address in the form TelegramBots takes. */
    public TelegramUrl telegramUrl() {
        return new TelegramUrl("http", HOST, port(), false);
    }

    /**
     * An OkHttp interceptor that sends downloads meant for https://api.telegram.org/file/... to this server. Needed
     * because TelegramBots 10.2 builds download URLs with File.getFileUrl, which hard-codes api.telegram.org and
     * ignores the client's TelegramUrl; other requests pass through unchanged.
     */
    public okhttp3.Interceptor fileDownloadRedirect() {
        okhttp3.HttpUrl here = okhttp3.HttpUrl.get(baseUrl());
        return chain -> {
            okhttp3.Request request = chain.request();
            okhttp3.HttpUrl url = request.url();
            if (url.host().equals("api.telegram.org") && url.encodedPath().startsWith("/file/")) {
                okhttp3.HttpUrl local = url.newBuilder().scheme(here.scheme()).host(here.host()).port(here.port()).build();
                request = request.newBuilder().url(local).build();
            }
            return chain.proceed(request);
        };
    }

    public String token() {
        return token;
    }

    /** The bot's id: the number before ':' in the token, as in Telegram, or a fixed id for other tokens. */
    public long botId() {
        return botId;
    }

    /** A new copy of the bot's User object, as getMe returns it and as the sender of its messages. */
    public ObjectNode botUser() {
        return json.createObjectNode()
                .put("id", botId)
                .put("is_bot", true)
                .put("first_name", BOT_FIRST_NAME)
                .put("username", BOT_USERNAME);
    }

    /**
     * With fast polling (the default) a getUpdates call is held at most two seconds whatever its timeout, so a
     * stopped poller lets go of its last call quickly; turn it off to test long timeouts.
     */
    public FakeTelegramServer fastPolling(boolean enabled) {
        fastPolling = enabled;
        return this;
    }

    /** While true every request gets HTTP 502 with an HTML body, as from a dead proxy in front of Telegram. */
    public void setUnavailable(boolean value) {
        unavailable = value;
    }

    /** The next call of this method fails with this status; retryAfterSeconds, if given, goes into parameters. */
    public void failNext(String method, int status, String description, Integer retryAfterSeconds) {
        failNext(method, 1, status, description, retryAfterSeconds);
    }

    /** The next {@code times} calls of this method fail, one failure consumed per call. */
    public void failNext(String method, int times, int status, String description, Integer retryAfterSeconds) {
        String name = method.toLowerCase(Locale.ROOT);
        if (!methods.containsKey(name)) {
            throw new IllegalArgumentException("the fake server does not implement " + method);
        }
        synchronized (lock) {
            Deque<Failure> queue = failures.computeIfAbsent(name, key -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(new Failure(status, description, retryAfterSeconds));
            }
        }
    }

    /**
     * Every call to this chat fails as Telegram fails it, until {@link #acceptChat}: 400 "Bad Request: chat not
     * found", 403 "Forbidden: bot was kicked from the supergroup chat", 400 "Bad Request: not enough rights to
     * send text messages to the chat".
     */
    public void refuseChat(long chatId, int status, String description) {
        refusedChats.put(chatId, new ChatRefusal(status, description, null));
    }

    /** The group became a supergroup: calls to the old id fail with 400 and migrate_to_chat_id, as Telegram's do. */
    public void migrateChat(long oldChatId, long newChatId) {
        refusedChats.put(oldChatId, new ChatRefusal(400, "Bad Request: group chat was upgraded to a supergroup chat", newChatId));
    }

    public void acceptChat(long chatId) {
        refusedChats.remove(chatId);
    }

    /** The next call of this method to this chat fails so (a 429 for one chat, say); calls to other chats pass. */
    public void failNextFor(long chatId, String method, int status, String description, Integer retryAfterSeconds) {
        String name = method.toLowerCase(Locale.ROOT);
        synchronized (lock) {
            failures.computeIfAbsent(name + ":" + chatId, key -> new ArrayDeque<>())
                    .add(new Failure(status, description, retryAfterSeconds));
        }
    }

    /** A call that hangs on Telegram's side until the test lets it go (or a minute passes). */
    public final class Hold {
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

        public void release() {
            held.values().remove(this);
            released.countDown();
        }

        /** Waits until a call is being held. */
        public void awaitHeldCall(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (waiting.get() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no call was held within " + timeout);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final Map<String, Hold> held = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every call of this method to this chat (0: to any chat, or to none) hangs until {@link Hold#release()}. */
    public Hold hold(String method, long chatId) {
        Hold hold = new Hold();
        held.put(method.toLowerCase(Locale.ROOT) + ":" + chatId, hold);
        return hold;
    }

    private void awaitRelease(String method, Long chat) {
        Hold hold = chat == null ? null : held.get(method + ":" + chat);
        if (hold == null) {
            hold = held.get(method + ":0");
        }
        if (hold == null) {
            return;
        }
        hold.waiting.incrementAndGet();
        try {
            hold.released.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- updates for the bot

    /** Queues an update, giving it the next update_id unless it has one, and wakes a held getUpdates. */
    public long enqueueUpdate(ObjectNode update) {
        ObjectNode copy = update.deepCopy();
        synchronized (lock) {
            long id;
            if (copy.hasNonNull("update_id")) {
                id = copy.get("update_id").asLong();
                if (id < confirmedOffset || updates.containsKey(id)) {
                    throw new IllegalArgumentException("update_id " + id + " is already confirmed or queued");
                }
            } else {
                id = nextUpdateId;
                copy.put("update_id", id);
            }
            nextUpdateId = Math.max(nextUpdateId, id + 1);
            updates.put(id, copy);
            lock.notifyAll();
            return id;
        }
    }

    public long enqueueUpdate(String update) {
        try {
            JsonNode node = json.readTree(update);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("an update must be a JSON object: " + update);
            }
            return enqueueUpdate(object);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an update must be a JSON object: " + update, e);
        }
    }

    /** A private text message from user {@code userId} (first name "User&lt;id&gt;", username "user&lt;id&gt;"). */
    public long userText(long userId, String text) {
        return userText(userId, "User" + userId, "user" + userId, text);
    }

    public long userText(long userId, String firstName, String username, String text) {
        ObjectNode message = incomingMessage(privateChat(userId, firstName, username), user(userId, firstName, username));
        putText(message, text);
        return enqueueMessage(message);
    }

    /** A private message sharing the user's own contact, as a "share my phone number" keyboard button sends. */
    public long userContact(long userId, String phone) {
        String firstName = "User" + userId;
        ObjectNode message = incomingMessage(privateChat(userId, firstName, "user" + userId),
                user(userId, firstName, "user" + userId));
        message.putObject("contact")
                .put("phone_number", phone)
                .put("first_name", firstName)
                .put("user_id", userId);
        return enqueueMessage(message);
    }

    /**
     * A private message from user {@code userId} with this file as a document and no caption; the file is
     * registered as by {@link #addFile}, so the bot can getFile and download it.
     */
    public long userDocument(long userId, String fileName, byte[] content) {
        StoredFile file = storeFile(fileName, content);
        String firstName = "User" + userId;
        ObjectNode message = incomingMessage(privateChat(userId, firstName, "user" + userId),
                user(userId, firstName, "user" + userId));
        message.set("document", documentJson(file));
        return enqueueMessage(message);
    }

    /** A photo, voice message, sticker… from a user in their private chat (kinds as in {@link #media}). */
    public long userMedia(long userId, String kind) {
        String firstName = "User" + userId;
        ObjectNode message = incomingMessage(privateChat(userId, firstName, "user" + userId),
                user(userId, firstName, "user" + userId));
        media(message, kind);
        return enqueueMessage(message);
    }

    /** A group member's photo, voice message, file… sent as a reply to one of the bot's messages. */
    public long groupReplyMedia(long chatId, long fromUserId, String fromUsername, long replyToMessageId, String kind) {
        ObjectNode message = incomingMessage(chat(chatId), user(fromUserId, "User" + fromUserId, fromUsername));
        media(message, kind);
        message.putObject("reply_to_message").put("message_id", replyToMessageId).put("date", now())
                .<ObjectNode>set("from", botUser()).set("chat", chat(chatId));
        return enqueueMessage(message);
    }

    /** What Telegram puts in a message of this kind: photo, voice, video_note, document, sticker, location. */
    private void media(ObjectNode message, String kind) {
        switch (kind) {
            case "photo" -> message.putArray("photo").addObject().put("file_id", "photo-" + message.path("message_id").asLong())
                    .put("file_unique_id", "u" + message.path("message_id").asLong()).put("width", 640).put("height", 480);
            case "voice" -> message.putObject("voice").put("file_id", "voice-1").put("file_unique_id", "v1").put("duration", 3);
            case "video_note" -> message.putObject("video_note").put("file_id", "vn-1").put("file_unique_id", "vn1")
                    .put("length", 240).put("duration", 5);
            case "document" -> message.set("document", documentJson(storeFile("offer.pdf", "%PDF-1.4".getBytes(StandardCharsets.UTF_8))));
            case "sticker" -> message.putObject("sticker").put("file_id", "st-1").put("file_unique_id", "st1")
                    .put("type", "regular").put("width", 512).put("height", 512).put("is_animated", false).put("is_video", false);
            case "location" -> message.putObject("location").put("latitude", 42.87).put("longitude", 74.59);
            default -> throw new IllegalArgumentException("the fake server does not make " + kind + " messages");
        }
    }

    /** Registers a file the bot can getFile, download and send by file_id; returns its file_id. */
    public String addFile(String fileName, byte[] content) {
        return storeFile(fileName, content).fileId();
    }

    private StoredFile storeFile(String fileName, byte[] content) {
        if (fileName == null || fileName.isEmpty()) {
            throw new IllegalArgumentException("a file needs a name");
        }
        long number = nextFileNumber.getAndIncrement();
        // A copy, so that the caller changing its array cannot change what the bot downloads.
        StoredFile file = new StoredFile("file-" + number, "unique-" + number, fileName, content.clone());
        synchronized (lock) {
            storedFiles.put(file.fileId(), file);
        }
        return file;
    }

    /** The Document object of a Message. */
    private ObjectNode documentJson(StoredFile file) {
        return json.createObjectNode()
                .put("file_id", file.fileId())
                .put("file_unique_id", file.fileUniqueId())
                .put("file_name", file.fileName())
                .put("mime_type", mimeType(file.fileName()))
                .put("file_size", file.content().length);
    }

    /** Telegram guesses a document's type from its name; these are the names the bot deals in. */
    private static String mimeType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".md")) {
            return "text/markdown";
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return "application/x-yaml";
        }
        return "text/plain";
    }

    /** A press of an inline button with this callback_data on message {@code messageId} in chat {@code chatId}. */
    public long callback(long userId, long chatId, long messageId, String data) {
        return callback(user(userId, "User" + userId, "user" + userId), chatId, messageId, data);
    }

    /**
     * As {@link #userText(long, String)}, from a user whose Telegram app is set to {@code languageCode} (the
     * {@code language_code} of {@code from}; null leaves it out).
     */
    public long userTextInLanguage(long userId, String languageCode, String text) {
        String firstName = "User" + userId;
        String username = "user" + userId;
        ObjectNode message = incomingMessage(privateChat(userId, firstName, username),
                user(userId, firstName, username, languageCode));
        putText(message, text);
        return enqueueMessage(message);
    }

    /** As {@link #callback}, pressed by a user whose {@code language_code} is {@code languageCode}. */
    public long callbackInLanguage(long userId, String languageCode, long chatId, long messageId, String data) {
        return callback(user(userId, "User" + userId, "user" + userId, languageCode), chatId, messageId, data);
    }

    private long callback(ObjectNode from, long chatId, long messageId, String data) {
        ObjectNode query = json.createObjectNode()
                .put("id", String.valueOf(nextCallbackId.getAndIncrement()))
                .<ObjectNode>set("from", from)
                .put("chat_instance", String.valueOf(chatId))
                .put("data", data);
        query.putObject("message")
                .put("message_id", messageId)
                .put("date", now())
                .<ObjectNode>set("chat", chat(chatId))
                .set("from", botUser());
        ObjectNode update = json.createObjectNode();
        update.set("callback_query", query);
        return enqueueUpdate(update);
    }

    /** A message in supergroup {@code chatId} (negative) that replies to nothing, such as a command. */
    public long groupText(long chatId, long fromUserId, String fromUsername, String text) {
        if (chatId >= 0) {
            throw new IllegalArgumentException("group chat ids are negative: " + chatId);
        }
        ObjectNode message = incomingMessage(chat(chatId), user(fromUserId, "User" + fromUserId, fromUsername));
        putText(message, text);
        return enqueueMessage(message);
    }

    /** A message in supergroup {@code chatId} (negative) replying to the bot's message {@code replyToMessageId}. */
    public long groupReply(long chatId, long fromUserId, String fromUsername, long replyToMessageId, String text) {
        if (chatId >= 0) {
            throw new IllegalArgumentException("group chat ids are negative: " + chatId);
        }
        ObjectNode group = chat(chatId);
        ObjectNode message = incomingMessage(group, user(fromUserId, "User" + fromUserId, fromUsername));
        putText(message, text);
        message.putObject("reply_to_message")
                .put("message_id", replyToMessageId)
                .put("date", now())
                .<ObjectNode>set("chat", group.deepCopy())
                .set("from", botUser());
        return enqueueMessage(message);
    }

    private ObjectNode incomingMessage(ObjectNode chat, ObjectNode from) {
        ObjectNode message = json.createObjectNode()
                .put("message_id", nextUserMessageId.getAndIncrement())
                .put("date", now());
        message.set("from", from);
        message.set("chat", chat);
        return message;
    }

    /** Telegram marks a leading /command as an entity, and TelegramBots' Message.isCommand() relies on it. */
    private void putText(ObjectNode message, String text) {
        message.put("text", text);
        if (text.startsWith("/") && text.length() > 1) {
            int end = 1;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            message.putArray("entities").addObject()
                    .put("type", "bot_command")
                    .put("offset", 0)
                    .put("length", end);
        }
    }

    private long enqueueMessage(ObjectNode message) {
        ObjectNode update = json.createObjectNode();
        update.set("message", message);
        return enqueueUpdate(update);
    }

    private ObjectNode user(long id, String firstName, String username) {
        return user(id, firstName, username, "ru");
    }

    private final java.util.Set<Long> withoutUsername = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** This user has no @username in Telegram (many people have none): their updates carry none. */
    public void hasNoUsername(long userId) {
        withoutUsername.add(userId);
    }

    private ObjectNode user(long id, String firstName, String username, String languageCode) {
        ObjectNode user = json.createObjectNode()
                .put("id", id)
                .put("is_bot", false)
                .put("first_name", firstName);
        if (username != null && !withoutUsername.contains(id)) {
            user.put("username", username);
        }
        return languageCode == null ? user : user.put("language_code", languageCode);
    }

    private ObjectNode privateChat(long userId, String firstName, String username) {
        ObjectNode chat = json.createObjectNode()
                .put("id", userId)
                .put("type", "private")
                .put("first_name", firstName);
        return username == null || withoutUsername.contains(userId) ? chat : chat.put("username", username);
    }

    private ObjectNode chat(long chatId) {
        ObjectNode chat = json.createObjectNode()
                .put("id", chatId)
                .put("type", chatId < 0 ? "supergroup" : "private");
        return chatId < 0 ? chat.put("title", "Group " + chatId) : chat;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    // ---------------------------------------------------------------- what the bot did

    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String method) {
        String name = method.toLowerCase(Locale.ROOT);
        synchronized (lock) {
            return requests.stream().filter(r -> r.method().equals(name)).toList();
        }
    }

    /**
     * The command menu Telegram holds for a scope ("default", "chat:42") and language ("" for every other),
     * as the commands' names; null when none is set.
     */
    public List<String> commandMenu(String scope, String languageCode) {
        synchronized (lock) {
            return commandMenus.get(scope + "|" + languageCode);
        }
    }

    /** Every command menu held, "scope|language" → the commands' names. */
    public Map<String, List<String>> commandMenus() {
        synchronized (lock) {
            return Map.copyOf(commandMenus);
        }
    }

    public void clearRequests() {
        synchronized (lock) {
            requests.clear();
        }
    }

    /** The parameters of the successful sendMessage calls to this chat, oldest first. */
    public List<ObjectNode> sentMessages(long chatId) {
        return requests("sendMessage").stream()
                .filter(r -> r.ok() && r.chatId() == chatId)
                .map(Request::params)
                .toList();
    }

    /** The successful sendDocument calls to this chat, oldest first. */
    public List<Request> sentDocuments(long chatId) {
        return requests("sendDocument").stream().filter(r -> r.ok() && r.chatId() == chatId).toList();
    }

    /** Waits for a successful sendDocument to the chat, including one already recorded. */
    public Request awaitDocumentTo(long chatId, Duration timeout) {
        return await(timeout, () -> requests.stream()
                        .filter(r -> r.ok() && r.method().equals("senddocument") && r.chatId() == chatId)
                        .findFirst().orElse(null),
                () -> "no document to chat " + chatId);
    }

    /** Waits for a successful sendPhoto to the chat, including one already recorded. */
    public Request awaitPhotoTo(long chatId, Duration timeout) {
        return awaitRequest("sendPhoto", r -> r.chatId() == chatId, timeout);
    }

    /** Waits for a successful call of the method that the matcher accepts, including one already recorded. */
    public Request awaitRequest(String method, Predicate<Request> matcher, Duration timeout) {
        String name = method.toLowerCase(Locale.ROOT);
        return await(timeout, () -> requests.stream()
                        .filter(r -> r.ok() && r.method().equals(name) && matcher.test(r))
                        .findFirst().orElse(null),
                () -> "no matching successful " + method + " call");
    }

    /** Waits until the method has succeeded at least {@code count} times; returns all its successful calls. */
    public List<Request> awaitRequests(String method, int count, Duration timeout) {
        String name = method.toLowerCase(Locale.ROOT);
        return await(timeout, () -> {
            List<Request> found = requests.stream().filter(r -> r.ok() && r.method().equals(name)).toList();
            return found.size() >= count ? found : null;
        }, () -> "fewer than " + count + " successful " + method + " calls");
    }

    /**
     * Waits for a successful sendMessage to the chat whose text contains the fragment, either as sent or as the
     * user reads it (HTML tags removed, entities decoded).
     */
    public Request awaitMessageTo(long chatId, String textFragment, Duration timeout) {
        return await(timeout, () -> requests.stream()
                        .filter(r -> r.ok() && r.method().equals("sendmessage") && r.chatId() == chatId)
                        .filter(r -> r.text().contains(textFragment) || readableText(r.params()).contains(textFragment))
                        .findFirst().orElse(null),
                () -> "no message to chat " + chatId + " containing \"" + textFragment + "\"");
    }

    /**
     * What the user reads of a sendMessage call: its text with the HTML tags removed and the entities decoded
     * (as sent when it has no HTML parse mode).
     */
    public String readableText(Request request) {
        return readableText(request.params());
    }

    /** Waits until the bot has called getUpdates at least once, that is, until its poller runs. */
    public void awaitPolling(Duration timeout) {
        await(timeout, () -> pollsStarted > 0 ? Boolean.TRUE : null, () -> "the bot never called getUpdates");
    }

    /** The highest offset a getUpdates call has confirmed: every update below it is gone. */
    public long confirmedOffset() {
        synchronized (lock) {
            return confirmedOffset;
        }
    }

    /** Updates queued and not yet confirmed (delivered ones count until the next offset confirms them). */
    public int pendingUpdates() {
        synchronized (lock) {
            return updates.size();
        }
    }

    /** Polls {@code found} under the lock until it gives non-null, or fails with what was recorded. */
    private <T> T await(Duration timeout, Supplier<T> found, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            T result = found.get();
            while (result == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String recorded = requests.stream().map(r -> "  " + r).collect(Collectors.joining("\n"));
                    throw new AssertionError(failure.get() + " within " + timeout + "; recorded requests:\n"
                            + (recorded.isEmpty() ? "  (none)" : recorded));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting: " + failure.get(), e);
                }
                result = found.get();
            }
            return result;
        }
    }

    private String readableText(ObjectNode params) {
        if (!"html".equalsIgnoreCase(params.path("parse_mode").asText())) {
            return params.path("text").asText("");
        }
        try {
            return TelegramHtml.toPlainText(params.path("text").asText(""));
        } catch (ApiError e) {
            // Only successful calls get here, and their HTML was parsed when they were answered.
            throw new IllegalStateException("a recorded message no longer parses", e);
        }
    }

    // ---------------------------------------------------------------- HTTP

    /** Stops the server; held getUpdates calls are answered at once with what is queued (usually nothing). */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            // Give released long polls a moment to answer: a poller that sees a reset connection logs an error.
            long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
            long left;
            while (activeExchanges > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        synchronized (lock) {
            activeExchanges++;
        }
        try {
            Instant at = Instant.now();
            Matcher download = FILE_PATH.matcher(exchange.getRequestURI().getPath());
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            String method = download.matches() ? "file" : path.matches() ? path.group(2).toLowerCase(Locale.ROOT) : "";
            ObjectNode params = json.createObjectNode();
            List<UploadedFile> files = new ArrayList<>();
            Reply reply;
            try {
                reply = download.matches() ? download(download, params) : answer(exchange, path, method, params, files);
            } catch (RuntimeException e) {
                // A bug here must fail the test visibly rather than as a hung or reset connection.
                log.error("fake Telegram server failed on {}", exchange.getRequestURI(), e);
                reply = envelope(new ApiError(500, "Internal Server Error: " + e, null));
            }
            synchronized (lock) {
                requests.add(new Request(method, params.deepCopy(), List.copyOf(files), reply.status(), at,
                        responseOf(reply)));
                lock.notifyAll();
            }
            log.debug("{} {} -> {}", method, params, reply.status());
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            exchange.getResponseBody().write(reply.body());
        } finally {
            exchange.close();
            synchronized (lock) {
                activeExchanges--;
                lock.notifyAll();
            }
        }
    }

    /** Fills {@code params} and {@code files} as far as the request allows, then answers it. */
    private Reply answer(HttpExchange exchange, Matcher path, String method, ObjectNode params,
                         List<UploadedFile> files) throws IOException {
        ApiError badParams = null;
        try {
            readParams(exchange, params, files);
        } catch (ApiError e) {
            badParams = e;
        }
        if (unavailable) {
            return badGateway();
        }
        if (!path.matches()) {
            return envelope(new ApiError(404, "Not Found", null));
        }
        if (!path.group(1).equals(token)) {
            return envelope(new ApiError(401, "Unauthorized", null));
        }
        ApiMethod handler = methods.get(method);
        if (handler == null) {
            return envelope(new ApiError(404, "Not Found", null));
        }
        try {
            if (badParams != null) {
                throw badParams;
            }
            Failure failure = takeFailure(method);
            if (failure != null) {
                throw new ApiError(failure.status(), failure.description(), failure.retryAfter());
            }
            // A command menu for one chat names it inside its scope; Telegram refuses it as it refuses a message.
            Long chat = idIn(params.has("chat_id") ? params.path("chat_id") : params.path("scope").path("chat_id"));
            ChatRefusal refusal = chat == null ? null : refusedChats.get(chat);
            if (refusal != null) {
                throw new ApiError(refusal.status(), refusal.description(), null, refusal.migrateTo());
            }
            Failure chatFailure = chat == null ? null : takeFailure(method + ":" + chat);
            if (chatFailure != null) {
                throw new ApiError(chatFailure.status(), chatFailure.description(), chatFailure.retryAfter());
            }
            awaitRelease(method, chat);
            ObjectNode body = json.createObjectNode().put("ok", true);
            body.set("result", handler.call(params, files));
            return new Reply(200, "application/json", json.writeValueAsBytes(body));
        } catch (ApiError e) {
            return envelope(e);
        }
    }

    /** Telegram's file server: the bytes of a file that getFile described, under the bot's token. */
    private Reply download(Matcher path, ObjectNode params) throws IOException {
        String filePath = path.group(2);
        params.put("file_path", filePath);
        if (unavailable) {
            return badGateway();
        }
        if (!path.group(1).equals(token)) {
            return envelope(new ApiError(401, "Unauthorized", null));
        }
        awaitRelease("file", null);
        StoredFile file;
        synchronized (lock) {
            file = storedFiles.values().stream().filter(f -> f.filePath().equals(filePath)).findFirst().orElse(null);
        }
        if (file == null) {
            return envelope(new ApiError(404, "Not Found", null));
        }
        return new Reply(200, "application/octet-stream", file.content());
    }

    private static Reply badGateway() {
        byte[] page = "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8);
        return new Reply(502, "text/html", page);
    }

    private Failure takeFailure(String method) {
        synchronized (lock) {
            Deque<Failure> queue = failures.get(method);
            return queue == null ? null : queue.poll();
        }
    }

    private Reply envelope(ApiError error) throws JsonProcessingException {
        ObjectNode body = json.createObjectNode()
                .put("ok", false)
                .put("error_code", error.status)
                .put("description", error.getMessage());
        if (error.retryAfter != null) {
            body.putObject("parameters").put("retry_after", error.retryAfter);
        }
        if (error.migrateTo != null) {
            body.putObject("parameters").put("migrate_to_chat_id", error.migrateTo);
        }
        return new Reply(error.status, "application/json", json.writeValueAsBytes(body));
    }

    /**
     * Merges query string and body (JSON, form or multipart) into {@code params}, the way Telegram accepts any;
     * the file parts of a multipart body go to {@code files}.
     */
    private void readParams(HttpExchange exchange, ObjectNode params, List<UploadedFile> files)
            throws IOException, ApiError {
        putFormFields(params, exchange.getRequestURI().getRawQuery());
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (body.length > 0) {
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json")) {
                JsonNode node;
                try {
                    node = json.readTree(body);
                } catch (JsonProcessingException e) {
                    throw ApiError.badRequest("can't parse JSON object: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode object)) {
                    throw ApiError.badRequest("can't parse JSON object");
                }
                params.setAll(object);
            } else if (type.equals("application/x-www-form-urlencoded")) {
                putFormFields(params, new String(body, StandardCharsets.UTF_8));
            } else if (type.equals("multipart/form-data")) {
                putMultipartParts(params, files, body, headerParameters(contentType).get("boundary"));
            } else {
                throw ApiError.badRequest("unsupported content type " + type);
            }
        }
        normalise(params);
    }

    private static void putFormFields(ObjectNode params, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
    }

    /**
     * Splits a multipart/form-data body (RFC 7578): parts with a filename are files, the others text fields in
     * UTF-8, which is what TelegramBots (OkHttp) and browsers send.
     */
    private static void putMultipartParts(ObjectNode params, List<UploadedFile> files, byte[] body, String boundary)
            throws ApiError {
        if (boundary == null || boundary.isEmpty()) {
            throw ApiError.badRequest("multipart boundary is missing");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] nextDelimiter = concat(CRLF, delimiter);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw ApiError.badRequest("can't parse multipart body");
        }
        while (true) {
            int after = at + delimiter.length;
            if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                return;
            }
            // The rest of the delimiter line (transport padding, if any) is ignored.
            int lineEnd = indexOf(body, CRLF, after);
            int next = lineEnd < 0 ? -1 : indexOf(body, nextDelimiter, lineEnd);
            if (next < 0) {
                throw ApiError.badRequest("can't parse multipart body: no closing boundary");
            }
            // An empty part shares its line break with the next delimiter, so next can come before lineEnd + 2.
            byte[] part = Arrays.copyOfRange(body, Math.min(lineEnd + 2, next), next);
            putPart(params, files, part);
            at = next + CRLF.length;
        }
    }

    private static void putPart(ObjectNode params, List<UploadedFile> files, byte[] part) {
        // Headers end at the first empty line. Without one there are no headers, so no name: such a part is ignored.
        int headersEnd = indexOf(part, concat(CRLF, CRLF), 0);
        if (headersEnd < 0) {
            return;
        }
        // OkHttp writes non-ASCII file names as raw UTF-8.
        String headerText = new String(part, 0, headersEnd, StandardCharsets.UTF_8);
        int contentStart = headersEnd + 4;
        String disposition = null;
        String contentType = "text/plain";
        for (String line : headerText.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-disposition")) {
                disposition = line.substring(colon + 1).trim();
            } else if (name.equals("content-type")) {
                contentType = line.substring(colon + 1).trim();
            }
        }
        Map<String, String> dispositionParams = disposition == null ? Map.of() : headerParameters(disposition);
        String field = dispositionParams.get("name");
        if (field == null || field.isEmpty()) {
            // A part without a name cannot be a parameter; Telegram ignores it too.
            return;
        }
        byte[] content = Arrays.copyOfRange(part, contentStart, part.length);
        // RFC 7578 rules out filename*, so filename is the only name there is.
        String fileName = dispositionParams.get("filename");
        if (fileName != null) {
            files.add(new UploadedFile(field, fileName, contentType, content));
        } else {
            params.put(field, new String(content, StandardCharsets.UTF_8));
        }
    }

    /**
     * The parameters of a header value such as {@code form-data; name="a"; filename="b.csv"}, names lower-cased.
     * Quoted values are taken up to the next quote and %22, %0D, %0A decoded, since browsers and OkHttp escape
     * quotes and line breaks that way rather than with backslashes.
     */
    private static Map<String, String> headerParameters(String header) {
        Map<String, String> result = new HashMap<>();
        int n = header.length();
        int i = header.indexOf(';');
        if (i < 0) {
            return result;
        }
        while (i < n) {
            while (i < n && (header.charAt(i) == ';' || Character.isWhitespace(header.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && header.charAt(i) != '=' && header.charAt(i) != ';') {
                i++;
            }
            String name = header.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String value = "";
            if (i < n && header.charAt(i) == '=') {
                i++;
                while (i < n && Character.isWhitespace(header.charAt(i))) {
                    i++;
                }
                if (i < n && header.charAt(i) == '"') {
                    int close = header.indexOf('"', i + 1);
                    int end = close < 0 ? n : close;
                    value = header.substring(i + 1, end)
                            .replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n");
                    i = close < 0 ? n : close + 1;
                } else {
                    int valueStart = i;
                    while (i < n && header.charAt(i) != ';') {
                        i++;
                    }
                    value = header.substring(valueStart, i).trim();
                }
            }
            if (!name.isEmpty()) {
                result.put(name, value);
            }
        }
        return result;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }

    /** Makes a form-encoded call look like its JSON equivalent, so tests read parameters one way. */
    private void normalise(ObjectNode params) throws ApiError {
        for (String field : JSON_FIELDS) {
            JsonNode value = params.get(field);
            if (value != null && value.isTextual()) {
                try {
                    params.set(field, json.readTree(value.asText()));
                } catch (JsonProcessingException e) {
                    throw ApiError.badRequest(field.equals("reply_markup")
                            ? "can't parse reply keyboard markup JSON object"
                            : "can't parse " + field + " JSON object");
                }
            }
        }
        for (String field : INTEGER_FIELDS) {
            JsonNode value = params.get(field);
            if (value != null && value.isTextual() && INTEGER.matcher(value.asText()).matches()) {
                params.set(field, LongNode.valueOf(Long.parseLong(value.asText())));
            }
        }
    }

    // ---------------------------------------------------------------- methods

    /** As Telegram: an https URL (here http on 127.0.0.1 too, for the tests) and a secret of its rule. */
    private JsonNode setWebhook(ObjectNode params) throws ApiError {
        String url = params.path("url").asText("");
        if (!url.startsWith("https://") && !url.startsWith("http://127.0.0.1")) {
            throw ApiError.badRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }
        String secret = params.path("secret_token").asText("");
        if (!secret.isEmpty() && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
            throw ApiError.badRequest("secret token contains unallowed characters");
        }
        return BooleanNode.TRUE;
    }

    private JsonNode deleteWebhook(ObjectNode params) {
        if (params.path("drop_pending_updates").asBoolean(false)) {
            synchronized (lock) {
                updates.clear();
            }
        }
        return BooleanNode.TRUE;
    }

    /**
     * Like Telegram: a menu is kept per scope and language, and a later call replaces it. A chat's scope
     * needs its chat_id; a language is a two-letter ISO 639-1 code.
     */
    private JsonNode setMyCommands(ObjectNode params) throws ApiError {
        JsonNode commands = params.get("commands");
        if (commands == null || !commands.isArray()) {
            throw ApiError.badRequest("parameter \"commands\" is required");
        }
        if (commands.size() > 100) {
            throw ApiError.badRequest("too many commands");
        }
        String scope = scopeOf(params);
        for (JsonNode command : commands) {
            if (!BOT_COMMAND.matcher(command.path("command").asText("")).matches()) {
                throw ApiError.badRequest("BOT_COMMAND_INVALID");
            }
            String description = command.path("description").asText("");
            if (description.isBlank() || description.length() > 256) {
                throw ApiError.badRequest("command description is empty or too long");
            }
        }
        List<String> names = new ArrayList<>();
        commands.forEach(command -> names.add(command.path("command").asText()));
        synchronized (lock) {
            commandMenus.put(scope + "|" + params.path("language_code").asText(""), List.copyOf(names));
        }
        return BooleanNode.TRUE;
    }

    private JsonNode deleteMyCommands(ObjectNode params) throws ApiError {
        String scope = scopeOf(params);
        synchronized (lock) {
            commandMenus.remove(scope + "|" + params.path("language_code").asText(""));
        }
        return BooleanNode.TRUE;
    }

    /** An id given as a number or, inside a JSON object such as a scope, as a string of digits; null otherwise. */
    private static Long idIn(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        return value.isTextual() && INTEGER.matcher(value.asText()).matches() ? Long.parseLong(value.asText()) : null;
    }

    /** "default", "all_private_chats", "chat:42", ...: the scope of a menu call, checked as Telegram checks it. */
    private static String scopeOf(ObjectNode params) throws ApiError {
        String language = params.path("language_code").asText("");
        if (!language.isEmpty() && !language.matches("[a-z]{2}")) {
            throw ApiError.badRequest("invalid language code specified");
        }
        JsonNode scope = params.path("scope");
        String type = scope.isMissingNode() || scope.isNull() ? "default" : scope.path("type").asText("");
        switch (type) {
            case "default", "all_private_chats", "all_group_chats", "all_chat_administrators" -> {
                return type;
            }
            case "chat", "chat_administrators", "chat_member" -> {
                Long chat = idIn(scope.path("chat_id"));
                if (chat == null) {
                    throw ApiError.badRequest("chat_id is empty");
                }
                Long user = idIn(scope.path("user_id"));
                if (type.equals("chat_member") && user == null) {
                    throw ApiError.badRequest("user_id is empty");
                }
                return type + ":" + chat + (type.equals("chat_member") ? ":" + user : "");
            }
            default -> throw ApiError.badRequest("unsupported bot command scope type");
        }
    }

    private JsonNode sendChatAction(ObjectNode params) throws ApiError {
        requireChatId(params);
        if (!CHAT_ACTIONS.contains(params.path("action").asText(""))) {
            throw ApiError.badRequest("wrong parameter action in request");
        }
        return BooleanNode.TRUE;
    }

    private JsonNode answerCallbackQuery(ObjectNode params) throws ApiError {
        if (params.path("callback_query_id").asText("").isEmpty()) {
            throw ApiError.badRequest("callback_query_id is empty");
        }
        return BooleanNode.TRUE;
    }

    /**
     * Like Telegram: offset N forgets every update below N; the call returns at once if an update is there, else
     * waits up to timeout seconds for one. A newer call ends an older one still waiting with 409, which is also
     * what keeps a stopped poller's last call from taking updates meant for its successor.
     */
    private JsonNode getUpdates(ObjectNode params) throws ApiError {
        long offset = params.path("offset").asLong(0);
        int limit = (int) Math.max(1, Math.min(MAX_UPDATES_LIMIT, params.path("limit").asLong(MAX_UPDATES_LIMIT)));
        Duration timeout = Duration.ofSeconds(Math.max(0, params.path("timeout").asLong(0)));
        if (fastPolling && timeout.compareTo(FAST_POLL_CAP) > 0) {
            timeout = FAST_POLL_CAP;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long poll = ++pollsStarted;
            lock.notifyAll();
            if (offset > 0) {
                updates.headMap(offset, false).clear();
                confirmedOffset = Math.max(confirmedOffset, offset);
            }
            while (!closed && updates.tailMap(offset, true).isEmpty()) {
                if (poll != pollsStarted) {
                    throw new ApiError(409, "Conflict: terminated by other getUpdates request; "
                            + "make sure that only one bot instance is running", null);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    // Only close() interrupts (by stopping the pool): answer with what there is and let the thread end.
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            ArrayNode result = json.createArrayNode();
            updates.tailMap(offset, true).values().stream().limit(limit).forEach(u -> result.add(u.deepCopy()));
            return result;
        }
    }

    /** A copy of a message the chat has, as a new message of the bot's; the answer is only its message_id. */
    private final java.util.Set<Long> forums = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> topicChats = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong nextThreadId = new AtomicLong(9000);

    /** The supergroup has topics turned on (and the bot may manage them): createForumTopic works there. */
    public void makeForum(long chatId) {
        forums.add(chatId);
    }

    /** The topics created, in order: their names, as the bot named them. */
    public List<String> topicNames(long chatId) {
        return requests("createforumtopic").stream().filter(r -> r.ok() && r.chatId() == chatId)
                .map(r -> r.params().path("name").asText()).toList();
    }

    private JsonNode createForumTopic(ObjectNode params) throws ApiError {
        long chatId = requireChatId(params);
        if (!forums.contains(chatId)) {
            throw ApiError.badRequest("the chat is not a forum");
        }
        String name = params.path("name").asText("");
        if (name.isEmpty() || name.length() > 128) {
            throw ApiError.badRequest("TOPIC_NAME_INVALID");
        }
        long thread = nextThreadId.incrementAndGet();
        topicChats.put(thread, chatId);
        return json.createObjectNode().put("message_thread_id", thread).put("name", name).put("icon_color", 7322096);
    }

    private JsonNode editForumTopic(ObjectNode params) throws ApiError {
        long chatId = requireChatId(params);
        if (!params.hasNonNull("message_thread_id")) {
            throw ApiError.badRequest("message thread not found");
        }
        requireValidThread(params, chatId);
        return BooleanNode.TRUE;
    }

    /** As Telegram: a message_thread_id must be a topic of that forum. */
    private void requireValidThread(ObjectNode params, long chatId) throws ApiError {
        if (params.hasNonNull("message_thread_id") && !Long.valueOf(chatId).equals(topicChats.get(params.path("message_thread_id").asLong()))) {
            throw ApiError.badRequest("message thread not found");
        }
    }

    /**
     * A manager's message in forum topic {@code threadId} of supergroup {@code chatId}, replying to nothing: as
     * in Telegram, it is marked a topic message and "replies" to the topic's first (service) message.
     */
    public long groupTopicMessage(long chatId, long fromUserId, String fromUsername, long threadId, String text) {
        ObjectNode group = chat(chatId);
        group.put("is_forum", true);
        ObjectNode message = incomingMessage(group, user(fromUserId, "User" + fromUserId, fromUsername));
        putText(message, text);
        message.put("message_thread_id", threadId).put("is_topic_message", true);
        message.putObject("reply_to_message")
                .put("message_id", threadId)
                .put("date", now())
                .put("message_thread_id", threadId)
                .<ObjectNode>set("chat", group.deepCopy())
                .<ObjectNode>set("from", botUser())
                .putObject("forum_topic_created").put("name", "topic").put("icon_color", 7322096);
        return enqueueMessage(message);
    }

    private JsonNode copyMessage(ObjectNode params) throws ApiError {
        requireValidThread(params, requireChatId(params));
        // Telegram takes ids as numbers or as strings of digits, as TelegramBots sends them.
        if (!params.path("from_chat_id").asText("").matches("-?\\d+") || !params.path("message_id").asText("").matches("\\d+")) {
            throw ApiError.badRequest("message to copy not found");
        }
        long id = nextBotMessageId.getAndIncrement();
        copies.add(id);
        return json.createObjectNode().put("message_id", id);
    }

    private JsonNode sendMessage(ObjectNode params) throws ApiError {
        long chatId = requireChatId(params);
        requireValidThread(params, chatId);
        String text = messageText(params);
        JsonNode markup = validMarkup(params);
        return message(nextBotMessageId.getAndIncrement(), chatId, text, markup);
    }

    /**
     * The document is an uploaded file (the part {@code document=attach://<part>} names, or a file part called
     * document) or the file_id of a file this server knows. An upload becomes a known file, as in Telegram, so the
     * bot can send it again by the file_id in the answer.
     */
    private JsonNode sendDocument(ObjectNode params, List<UploadedFile> files) throws ApiError {
        long chatId = requireChatId(params);
        String caption = caption(params);
        JsonNode markup = validMarkup(params);
        StoredFile document = sentFile(params, files, "document");
        return withCaption(message(nextBotMessageId.getAndIncrement(), chatId, null, markup), caption)
                .set("document", documentJson(document));
    }

    /**
     * As sendDocument, for a picture: Telegram refuses a file it cannot read as an image, and one whose sides add
     * up to more than 10 000 pixels or are more than 20 times as long as each other. The answer's photo has one
     * size, the picture's own.
     */
    private JsonNode sendPhoto(ObjectNode params, List<UploadedFile> files) throws ApiError {
        long chatId = requireChatId(params);
        String caption = caption(params);
        JsonNode markup = validMarkup(params);
        StoredFile photo = sentFile(params, files, "photo");
        java.awt.image.BufferedImage image;
        try {
            image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(photo.content()));
        } catch (IOException e) {
            image = null;
        }
        if (image == null) {
            throw ApiError.badRequest("IMAGE_PROCESS_FAILED");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        if (width + height > 10_000 || Math.max(width, height) > 20 * Math.min(width, height)) {
            throw ApiError.badRequest("PHOTO_INVALID_DIMENSIONS");
        }
        ObjectNode message = withCaption(message(nextBotMessageId.getAndIncrement(), chatId, null, markup), caption);
        message.putArray("photo").addObject()
                .put("file_id", photo.fileId())
                .put("file_unique_id", photo.fileUniqueId())
                .put("width", width)
                .put("height", height)
                .put("file_size", photo.content().length);
        return message;
    }

    /**
     * The file a send method names in {@code field}: an upload (the part {@code field=attach://<part>} names, or
     * a file part called {@code field}), which becomes a known file, or the file_id of a file this server knows.
     */
    private StoredFile sentFile(ObjectNode params, List<UploadedFile> files, String field) throws ApiError {
        UploadedFile upload = attachedFile(params, files, field);
        String reference = params.path(field).asText("");
        if (upload != null) {
            if (upload.content().length == 0) {
                throw ApiError.badRequest("file must be non-empty");
            }
            return storeFile(upload.fileName(), upload.content());
        }
        if (reference.isEmpty() || reference.startsWith(ATTACH_PREFIX)) {
            throw ApiError.badRequest("there is no " + field + " in the request");
        }
        StoredFile known;
        synchronized (lock) {
            known = storedFiles.get(reference);
        }
        if (known == null) {
            throw ApiError.badRequest("wrong file identifier/HTTP URL specified");
        }
        return known;
    }

    private static ObjectNode withCaption(ObjectNode message, String caption) {
        if (caption != null) {
            message.put("caption", caption);
        }
        return message;
    }

    private JsonNode getFile(ObjectNode params) throws ApiError {
        StoredFile file;
        synchronized (lock) {
            file = storedFiles.get(params.path("file_id").asText(""));
        }
        if (file == null) {
            throw ApiError.badRequest("invalid file_id");
        }
        return json.createObjectNode()
                .put("file_id", file.fileId())
                .put("file_unique_id", file.fileUniqueId())
                .put("file_size", file.content().length)
                .put("file_path", file.filePath());
    }

    /** The file part a field refers to: named by {@code attach://<part>} in the field, or the field itself. */
    private static UploadedFile attachedFile(ObjectNode params, List<UploadedFile> files, String field) {
        String value = params.path(field).asText("");
        String part = value.startsWith(ATTACH_PREFIX) ? value.substring(ATTACH_PREFIX.length()) : field;
        return files.stream().filter(f -> f.field().equals(part)).findFirst().orElse(null);
    }

    /** Copies of media the bot made: they have no text, so Telegram refuses to edit one. */
    private final java.util.Set<Long> copies = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private JsonNode deleteMessage(ObjectNode params) throws ApiError {
        requireChatId(params);
        if (!params.path("message_id").asText("").matches("\\d+")) {
            throw ApiError.badRequest("message to delete not found");
        }
        return BooleanNode.TRUE;
    }

    private JsonNode editMessageText(ObjectNode params) throws ApiError {
        if (copies.contains(params.path("message_id").asLong())) {
            throw ApiError.badRequest("there is no text in the message to edit");
        }
        Long chatId = editTarget(params);
        String text = messageText(params);
        JsonNode markup = validMarkup(params);
        return chatId == null ? BooleanNode.TRUE : message(params.get("message_id").asLong(), chatId, text, markup);
    }

    private JsonNode editMessageReplyMarkup(ObjectNode params) throws ApiError {
        Long chatId = editTarget(params);
        JsonNode markup = validMarkup(params);
        return chatId == null ? BooleanNode.TRUE : message(params.get("message_id").asLong(), chatId, null, markup);
    }

    private ObjectNode message(long messageId, long chatId, String text, JsonNode markup) {
        ObjectNode message = json.createObjectNode()
                .put("message_id", messageId)
                .put("date", now());
        message.set("chat", json.createObjectNode()
                .put("id", chatId)
                .put("type", chatId < 0 ? "supergroup" : "private"));
        message.set("from", botUser());
        if (text != null) {
            message.put("text", text);
        }
        // Telegram echoes only inline keyboards in a Message; reply keyboards are not part of it.
        if (markup != null && markup.has("inline_keyboard")) {
            message.set("reply_markup", markup.deepCopy());
        }
        return message;
    }

    private static long requireChatId(ObjectNode params) throws ApiError {
        JsonNode chatId = params.get("chat_id");
        if (chatId == null || chatId.isNull() || chatId.asText().isEmpty()) {
            throw ApiError.badRequest("chat_id is empty");
        }
        if (!chatId.isIntegralNumber()) {
            // An @username; this server knows chats only by their numeric ids.
            throw ApiError.badRequest("chat not found");
        }
        return chatId.asLong();
    }

    /** The chat of a chat_id + message_id edit, or null for an inline_message_id edit. */
    private static Long editTarget(ObjectNode params) throws ApiError {
        if (!params.path("inline_message_id").asText("").isEmpty()) {
            return null;
        }
        long chatId = requireChatId(params);
        if (!params.path("message_id").isIntegralNumber()) {
            throw ApiError.badRequest("message identifier is not specified");
        }
        return chatId;
    }

    /** The text as the user will see it, after Telegram's checks of parse mode and length. */
    private static String messageText(ObjectNode params) throws ApiError {
        String text = parsed(params.path("text").asText(""), params);
        if (text.isEmpty()) {
            throw ApiError.badRequest("message text is empty");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
            throw ApiError.badRequest("message is too long");
        }
        return text;
    }

    /** The caption as the user will see it, or null when there is none: an empty caption is no caption. */
    private static String caption(ObjectNode params) throws ApiError {
        JsonNode raw = params.get("caption");
        if (raw == null || raw.isNull()) {
            return null;
        }
        String caption = parsed(raw.asText(""), params);
        if (caption.codePointCount(0, caption.length()) > MAX_CAPTION_LENGTH) {
            throw ApiError.badRequest("message caption is too long");
        }
        return caption.isEmpty() ? null : caption;
    }

    /** Text or caption after parse_mode, trimmed as Telegram trims it before it counts and stores it. */
    private static String parsed(String raw, ObjectNode params) throws ApiError {
        String parseMode = params.path("parse_mode").asText("");
        String text;
        if (parseMode.equalsIgnoreCase("html")) {
            text = TelegramHtml.toPlainText(raw);
        } else if (parseMode.isEmpty() || parseMode.equalsIgnoreCase("markdown")
                || parseMode.equalsIgnoreCase("markdownv2")) {
            text = raw;
        } else {
            throw ApiError.badRequest("unsupported parse_mode");
        }
        return text.strip();
    }

    /** Validates reply_markup where Telegram would reject it; returns it (or null). */
    private static JsonNode validMarkup(ObjectNode params) throws ApiError {
        JsonNode markup = params.get("reply_markup");
        if (markup == null || markup.isNull()) {
            return null;
        }
        if (!markup.isObject()) {
            throw ApiError.badRequest("can't parse reply keyboard markup JSON object");
        }
        JsonNode rows = markup.get("inline_keyboard");
        if (rows == null) {
            return markup;
        }
        if (!rows.isArray()) {
            throw ApiError.badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array");
        }
        for (JsonNode row : rows) {
            if (!row.isArray()) {
                throw ApiError.badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
            }
            for (JsonNode button : row) {
                validateButton(button);
            }
        }
        return markup;
    }

    private static void validateButton(JsonNode button) throws ApiError {
        if (!button.isObject() || button.path("text").asText("").isEmpty()) {
            throw ApiError.badRequest("can't parse inline keyboard button: Field \"text\" must be a non-empty String");
        }
        JsonNode data = button.get("callback_data");
        if (data != null) {
            int bytes = data.asText("").getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
                throw ApiError.badRequest("BUTTON_DATA_INVALID");
            }
        }
        JsonNode url = button.get("url");
        if (url != null && !BUTTON_URL.matcher(url.asText("")).matches()) {
            throw ApiError.badRequest("BUTTON_URL_INVALID");
        }
        boolean acts = BUTTON_ACTIONS.stream().anyMatch(field -> button.hasNonNull(field));
        if (!acts) {
            throw ApiError.badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        }
    }

    /**
     * Telegram's HTML parse mode: the supported tags, properly nested and closed, and the four named entities
     * plus numeric ones. Errors name a byte offset in UTF-8, as Telegram's do.
     */
    static final class TelegramHtml {
        private static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
                "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji");
        private static final Pattern ENTITY =
                Pattern.compile("&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{0,31}));");
        private static final Map<String, String> NAMED = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"");

        private TelegramHtml() {
        }

        /** The text the user will see; throws the 400 Telegram answers for HTML it cannot parse. */
        static String toPlainText(String html) throws ApiError {
            StringBuilder text = new StringBuilder(html.length());
            Deque<String> open = new ArrayDeque<>();
            int i = 0;
            while (i < html.length()) {
                char c = html.charAt(i);
                if (c == '&') {
                    i = entity(html, i, text);
                } else if (c == '<') {
                    i = html.startsWith("</", i) ? endTag(html, i, open) : startTag(html, i, open);
                } else {
                    text.append(c);
                    i++;
                }
            }
            if (!open.isEmpty()) {
                throw error("Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
            }
            return text.toString();
        }

        private static int entity(String html, int at, StringBuilder text) throws ApiError {
            Matcher m = ENTITY.matcher(html).region(at, html.length());
            if (!m.lookingAt()) {
                throw error("Unescaped \"&\" at byte offset " + byteOffset(html, at) + "; write &amp;");
            }
            if (m.group(3) != null) {
                String named = NAMED.get(m.group(3));
                if (named == null) {
                    throw error("Unsupported HTML entity \"" + m.group() + "\" at byte offset " + byteOffset(html, at));
                }
                text.append(named);
            } else {
                int codePoint = m.group(1) != null ? Integer.parseInt(m.group(1)) : Integer.parseInt(m.group(2), 16);
                if (codePoint == 0 || !Character.isValidCodePoint(codePoint)
                        || Character.getType(codePoint) == Character.SURROGATE) {
                    throw error("Invalid character reference \"" + m.group() + "\" at byte offset " + byteOffset(html, at));
                }
                text.appendCodePoint(codePoint);
            }
            return m.end();
        }

        private static int startTag(String html, int at, Deque<String> open) throws ApiError {
            int i = at + 1;
            if (i >= html.length() || !isAsciiLetter(html.charAt(i))) {
                throw error("Unescaped \"<\" at byte offset " + byteOffset(html, at) + "; write &lt;");
            }
            while (i < html.length() && isNameChar(html.charAt(i))) {
                i++;
            }
            String name = html.substring(at + 1, i).toLowerCase(Locale.ROOT);
            if (!TAGS.contains(name)) {
                throw error("Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(html, at));
            }
            Map<String, String> attributes = new HashMap<>();
            i = attributes(html, at, i, attributes);
            if (name.equals("span") && !"tg-spoiler".equals(attributes.get("class"))) {
                throw error("Tag \"span\" must have class \"tg-spoiler\" at byte offset " + byteOffset(html, at));
            }
            if (name.equals("tg-emoji") && !attributes.containsKey("emoji-id")) {
                throw error("Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset " + byteOffset(html, at));
            }
            open.push(name);
            return i;
        }

        /** Reads attributes up to and including '>'; returns the index after it. */
        private static int attributes(String html, int tagStart, int i, Map<String, String> into) throws ApiError {
            int n = html.length();
            while (true) {
                while (i < n && Character.isWhitespace(html.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    throw error("Unclosed start tag at byte offset " + byteOffset(html, tagStart));
                }
                if (html.charAt(i) == '>') {
                    return i + 1;
                }
                int nameStart = i;
                while (i < n && isNameChar(html.charAt(i))) {
                    i++;
                }
                if (i == nameStart) {
                    throw error("Unexpected \"" + html.charAt(i) + "\" in start tag at byte offset " + byteOffset(html, i));
                }
                String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
                while (i < n && Character.isWhitespace(html.charAt(i))) {
                    i++;
                }
                String value = "";
                if (i < n && html.charAt(i) == '=') {
                    i++;
                    while (i < n && Character.isWhitespace(html.charAt(i))) {
                        i++;
                    }
                    if (i < n && (html.charAt(i) == '"' || html.charAt(i) == '\'')) {
                        int close = html.indexOf(html.charAt(i), i + 1);
                        if (close < 0) {
                            throw error("Unclosed start tag at byte offset " + byteOffset(html, tagStart));
                        }
                        value = html.substring(i + 1, close);
                        i = close + 1;
                    } else {
                        int valueStart = i;
                        while (i < n && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
                            i++;
                        }
                        value = html.substring(valueStart, i);
                    }
                }
                into.put(name, value);
            }
        }

        private static int endTag(String html, int at, Deque<String> open) throws ApiError {
            int i = at + 2;
            while (i < html.length() && isNameChar(html.charAt(i))) {
                i++;
            }
            String name = html.substring(at + 2, i).toLowerCase(Locale.ROOT);
            while (i < html.length() && Character.isWhitespace(html.charAt(i))) {
                i++;
            }
            if (i >= html.length() || html.charAt(i) != '>') {
                throw error("Unclosed end tag at byte offset " + byteOffset(html, at));
            }
            if (open.isEmpty()) {
                throw error("Unexpected end tag at byte offset " + byteOffset(html, at));
            }
            // Telegram lets "</>" close whatever is innermost.
            if (!name.isEmpty() && !name.equals(open.peek())) {
                throw error("Unmatched end tag at byte offset " + byteOffset(html, at) + ", expected \"</"
                        + open.peek() + ">\", found \"</" + name + ">\"");
            }
            open.pop();
            return i + 1;
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isNameChar(char c) {
            return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }

        private static int byteOffset(String s, int index) {
            return s.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
        }

        private static ApiError error(String reason) {
            return ApiError.badRequest("can't parse entities: " + reason);
        }
    }
}
