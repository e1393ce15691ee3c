package cmoadvisor.telegram;

import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Outbox;
import cmoadvisor.storage.UpdateLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-turn conversation sets ({@code ../shared/eval/conversations.md}) played through the real Telegram path:
 * TelegramBots' client and poller against {@link FakeTelegramServer} on 127.0.0.1, the update log, the engine,
 * the outbox and SQLite, as in {@link TelegramBotEndToEndTest}.
 *
 * <p>Each conversation is a new private chat whose user's {@code language_code} is the conversation's
 * {@code lang}; it begins with an unchecked {@code /start}. A {@code user} turn is typed text; a {@code press} turn
 * presses the first inline button whose normalised label matches the regex, on the bot's latest message with
 * buttons in the chat. The reply to a turn is every message the bot sent to the chat after it, as the user reads
 * it (tags removed, entities decoded), joined with newlines, normalised as in {@code score.py}, and matched with
 * the set's Python regexes (translated where Java's syntax differs).
 *
 * <p>A reply is complete when the bot has stored and processed the update and its outbox has nothing left to send
 * (read from the bot's own SQLite file through the storage classes): exact, and no waiting for a quiet period. With
 * {@code -Dconversations.settle=quiet} the official rule is used instead: the first message within 10 s, then
 * {@code conversations.quietMs} (800) without a new one.
 *
 * <p>System properties: {@code conversations.minTurns} (0.90), {@code conversations.minConversations} (0.80),
 * {@code conversations.report=true} (print only, assert nothing), {@code conversations.only} (a regex: play only
 * the conversations whose id it finds), {@code conversations.file} (play another set too). Every turn is also
 * written to {@code target/conversation-sets/<set>.jsonl}: the texts as sent and as read, and the verdict.
 */
class ConversationSetTest {
    private static final String TOKEN = "123456789:AAE-conversation-set-token-xyz";
    private static final long AGENCY = -1001234567890L;
    private static final Path DEV_SET = Path.of("../shared/eval/conversations.dev.jsonl");
    private static final Path HOLDOUT_SET = Path.of("src/test/resources/eval/holdout-conversations.jsonl");
    private static final Path TRANSCRIPTS = Path.of("target/conversation-sets");

    /** Python 3's str patterns: \w \d \s \b are Unicode, and only \n ends a line for . ^ $. */
    static final int PYTHON_FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES;
    private static final Duration START_CAP = Duration.ofSeconds(30);
    private static final Duration FIRST_MESSAGE_CAP = Duration.ofSeconds(10);
    /** Outbox mode: the longest a turn may take to be processed and delivered (a failed update is retried in 2 s). */
    private static final Duration TURN_CAP = Duration.ofSeconds(15);
    private static final int REPLY_SHOWN = 300;

    @TempDir
    Path dir;

    @Test
    void developmentSet() {
        Assumptions.assumeTrue(Files.isRegularFile(DEV_SET), () -> DEV_SET.toAbsolutePath().normalize()
                + " is missing: the development set lives in shared/ beside the project (CI puts a copy there)");
        playAndAssert("dev", DEV_SET, 200_000);
    }

    @Test
    void holdoutSet() {
        Assumptions.assumeTrue(Files.isRegularFile(HOLDOUT_SET), () -> HOLDOUT_SET + " does not exist yet");
        playAndAssert("holdout", HOLDOUT_SET, 300_000);
    }

    /** Any other set in the same format: {@code -Dconversations.file=path/to/set.jsonl}. */
    @Test
    void setNamedByProperty() {
        String file = System.getProperty("conversations.file", "");
        Assumptions.assumeFalse(file.isEmpty(), "no -Dconversations.file given");
        Path path = Path.of(file);
        Assumptions.assumeTrue(Files.isRegularFile(path), () -> path.toAbsolutePath() + " does not exist");
        String name = path.getFileName().toString().replaceFirst("\\.jsonl?$", "");
        playAndAssert(name, path, 400_000);
    }

    /** The harness's own rules: score.py's normalisation and the Python regex translation. */
    @Test
    void normalisationAndRegexTranslation_followPython() {
        assertThat(normalise("$2 000–5 000 и $4\u00a0000—12\u202f000, 1,500 или 3'000 Ёлка ‐‑‒―−"))
                .isEqualTo("$2000-5000 и $4000-12000, 1500 или 3000 елка -----");
        assertThat(normalise("50–150 долларов, 20-40 часов, 2–4 дня")).isEqualTo("50-150 долларов, 20-40 часов, 2-4 дня");
        assertThat(normalise("12 3456")).as("only a group of exactly three digits").isEqualTo("12 3456");

        assertThat(python("\\b2\\D{0,4}4\\s*(дн|дня|дней)").matcher("работает 2–4 дня".replace('–', '-')).find()).isTrue();
        assertThat(python("\\bрад\\b").matcher("мы рады помочь").find()).as("\\b is Unicode-aware").isFalse();
        assertThat(python("\\bрады\\b").matcher("мы рады помочь").find()).isTrue();
        assertThat(python("(?P<n>ab)(?P=n)").matcher("xabab").find()).isTrue();
        assertThat(python("a{,2}b").matcher("aab").find()).isTrue();
        assertThat(python("x{y}").matcher("x{y}").find()).as("a brace that is no quantifier is literal").isTrue();
        assertThat(python("[[]").matcher("[").find()).as("[ inside a class is literal").isTrue();
        assertThat(python("[a&&b]").matcher("&").find()).as("&& inside a class is literal").isTrue();
        assertThat(python("end\\Z").matcher("end\n").find()).as("\\Z is the very end").isFalse();
        assertThat(python("a.b").matcher("a\rb").find()).as(". matches everything but \\n").isTrue();
        assertThat(python("a(?#comment)b").matcher("ab").find()).isTrue();
        assertThat(python("[«\\\"][^»\\\"]{2,4}[»\\\"]").matcher("«abc»").find()).isTrue();
    }

    // ------------------------------------------------------------------ the set

    record Rx(String source, Pattern pattern) {
    }

    /** One turn: {@code user} text or a {@code press} regex (exactly one of them). */
    record Turn(int number, String user, Rx press, String kind, List<Rx> expect, List<Rx> forbid) {
        boolean judged() {
            return !expect.isEmpty() || !forbid.isEmpty();
        }

        String shown() {
            return user != null ? "«" + user + "»" : "press /" + press.source() + "/";
        }
    }

    record Conversation(String id, String lang, List<Turn> turns) {
    }

    static List<Conversation> load(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<Conversation> conversations = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            if (line.isBlank()) {
                continue;
            }
            String where = file.getFileName() + ":" + (l + 1);
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (IOException e) {
                errors.add(where + ": not JSON: " + e.getMessage());
                continue;
            }
            String id = node.path("id").asText(where);
            List<Turn> turns = new ArrayList<>();
            int number = 0;
            for (JsonNode t : node.path("turns")) {
                number++;
                String at = where + " " + id + " turn " + number;
                boolean hasUser = t.hasNonNull("user");
                boolean hasPress = t.hasNonNull("press");
                if (hasUser == hasPress) {
                    errors.add(at + ": needs exactly one of user and press");
                    continue;
                }
                Rx press = hasPress ? compile(t.get("press").asText(), at, errors) : null;
                turns.add(new Turn(number, hasUser ? t.get("user").asText() : null, press, t.path("kind").asText(""),
                        compileAll(t.path("expect"), at, errors), compileAll(t.path("forbid"), at, errors)));
            }
            if (turns.isEmpty()) {
                errors.add(where + " " + id + ": no turns");
            }
            conversations.add(new Conversation(id, node.path("lang").asText("ru"), turns));
        }
        assertThat(errors).as("the set " + file + " must load, and all its regexes compile in Java").isEmpty();
        return conversations;
    }

    private static List<Rx> compileAll(JsonNode array, String at, List<String> errors) {
        List<Rx> result = new ArrayList<>();
        array.forEach(rx -> {
            Rx compiled = compile(rx.asText(), at, errors);
            if (compiled != null) {
                result.add(compiled);
            }
        });
        return result;
    }

    private static Rx compile(String source, String at, List<String> errors) {
        try {
            return new Rx(source, python(source));
        } catch (IllegalArgumentException e) {
            errors.add(at + ": /" + source + "/ does not compile: " + e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ playing

    /** What the bot did after one turn. */
    record Played(Turn turn, String pressedLabel, String problem, List<String> sent, List<String> messages, String reply,
                  List<String> missing, List<String> forbidden, long millis) {
        boolean replied() {
            return !messages.isEmpty();
        }

        /** A failed press is wrong whether or not the turn has expectations. */
        boolean counted() {
            return turn.judged() || (turn.press() != null && pressedLabel == null);
        }

        boolean right() {
            return replied() && missing.isEmpty() && forbidden.isEmpty() && problem == null;
        }
    }

    /** {@code startProblem}: /start did not settle (the turns are still played and judged). */
    record Result(Conversation conversation, String startProblem, List<Played> turns) {
        long counted() {
            return turns.stream().filter(Played::counted).count();
        }

        long right() {
            return turns.stream().filter(p -> p.counted() && p.right()).count();
        }

        boolean fullyRight() {
            return right() == counted();
        }
    }

    private void playAndAssert(String name, Path file, long firstUserId) {
        List<Conversation> conversations = load(file);
        String only = System.getProperty("conversations.only", "");
        if (!only.isEmpty()) {
            Pattern filter = Pattern.compile(only);
            conversations = conversations.stream().filter(c -> filter.matcher(c.id()).find()).toList();
        }
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        try (Player player = new Player(dir.resolve(name + ".db"))) {
            for (int i = 0; i < conversations.size(); i++) {
                results.add(player.play(conversations.get(i), firstUserId + i));
            }
            player.telegram.requests("sendMessage").stream().filter(r -> !r.ok())
                    .forEach(r -> rejected.add(r.toString()));
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;

        long turns = results.stream().mapToLong(Result::counted).sum();
        long turnsRight = results.stream().mapToLong(Result::right).sum();
        long fully = results.stream().filter(Result::fullyRight).count();
        double turnRate = turns == 0 ? 1 : turnsRight / (double) turns;
        double conversationRate = results.isEmpty() ? 1 : fully / (double) results.size();
        String totals = String.format(Locale.ROOT, "turns %d/%d (%.1f%%), conversations %d/%d (%.1f%%)",
                turnsRight, turns, 100 * turnRate, fully, results.size(), 100 * conversationRate);
        System.out.println(report(name, file, results, rejected, totals, elapsed));
        writeTranscript(name, results);

        if (Boolean.getBoolean("conversations.report")) {
            return;
        }
        // What a good bot achieves on sets like these (conversations.md): 90% of turns, 80% of conversations.
        double minTurns = Double.parseDouble(System.getProperty("conversations.minTurns", "0.90"));
        double minConversations = Double.parseDouble(System.getProperty("conversations.minConversations", "0.80"));
        assertThat(turnRate).as(name + ": share of turns right; " + totals + " (failures printed above)")
                .isGreaterThanOrEqualTo(minTurns);
        assertThat(conversationRate).as(name + ": share of conversations fully right; " + totals)
                .isGreaterThanOrEqualTo(minConversations);
    }

    /** One bot, one stand-in Telegram and one SQLite file for a whole set; conversations are played one by one. */
    private static final class Player implements AutoCloseable {
        final FakeTelegramServer telegram;
        final TelegramBot bot;
        final Connection db;
        final Json json = new Json();
        final boolean quietMode = "quiet".equals(System.getProperty("conversations.settle", "outbox"));
        final Duration quiet = Duration.ofMillis(Long.getLong("conversations.quietMs", 800));

        Player(Path database) {
            telegram = FakeTelegramServer.start(TOKEN);
            String url = "jdbc:sqlite:" + database;
            BotConfig config = BotConfig.fromEnvironment(Map.of(
                    "TELEGRAM_BOT_TOKEN", TOKEN,
                    "TELEGRAM_API_URL", telegram.baseUrl(),
                    "AGENCY_CHAT_ID", String.valueOf(AGENCY),
                    "DATABASE_URL", url), TestKnowledge.DIR, true);
            // The conversations need no time travel: the real clock.
            bot = new TelegramBot(config, TestKnowledge.knowledge(), Clock.systemUTC());
            bot.start();
            try {
                // The bot has migrated its database in its constructor; this reader only looks.
                db = DriverManager.getConnection(url);
                try (Statement s = db.createStatement()) {
                    s.execute("PRAGMA busy_timeout=5000");
                }
            } catch (SQLException e) {
                close();
                throw new IllegalStateException("cannot read the bot's database " + url, e);
            }
            telegram.awaitPolling(START_CAP);
        }

        Result play(Conversation conversation, long userId) {
            String lang = conversation.lang();
            Settled start = send(userId, () -> telegram.userTextInLanguage(userId, lang, "/start"), START_CAP);
            List<Played> played = new ArrayList<>();
            for (Turn turn : conversation.turns()) {
                long began = System.nanoTime();
                String label = null;
                Settled settled;
                if (turn.user() != null) {
                    settled = send(userId, () -> telegram.userTextInLanguage(userId, lang, turn.user()), TURN_CAP);
                } else {
                    Button button = findButton(userId, turn.press().pattern());
                    if (button == null) {
                        settled = new Settled(List.of(), List.of(), "no button matches /" + turn.press().source()
                                + "/ on the latest message with buttons; labels: " + buttonLabels(userId));
                    } else {
                        label = button.label();
                        settled = send(userId, () -> telegram.callbackInLanguage(userId, lang, userId,
                                button.messageId(), button.data()), TURN_CAP);
                    }
                }
                String problem = settled.problem();
                String reply = String.join("\n", settled.messages());
                String text = normalise(reply);
                List<String> missing = turn.expect().stream().filter(rx -> !rx.pattern().matcher(text).find())
                        .map(Rx::source).toList();
                List<String> forbidden = new ArrayList<>();
                for (Rx rx : turn.forbid()) {
                    Matcher m = rx.pattern().matcher(text);
                    if (m.find()) {
                        forbidden.add(rx.source() + "  ← found «" + m.group() + "»");
                    }
                }
                played.add(new Played(turn, label, problem, settled.sent(), settled.messages(), reply, missing, forbidden,
                        (System.nanoTime() - began) / 1_000_000));
            }
            return new Result(conversation, start.problem(), played);
        }

        /** {@code sent}: the texts as the bot sent them; {@code messages}: as the user reads them. */
        record Settled(List<String> sent, List<String> messages, String problem) {
        }

        /** Queues an update, waits for the bot to finish with it, and returns what it sent to the chat meanwhile. */
        private Settled send(long chatId, LongSupplier enqueue, Duration cap) {
            int before = sent(chatId).size();
            long updateId = enqueue.getAsLong();
            String problem = quietMode ? settleQuietly(chatId, before) : settleByOutbox(updateId, cap);
            List<FakeTelegramServer.Request> requests = sent(chatId).stream().skip(before).toList();
            return new Settled(requests.stream().map(FakeTelegramServer.Request::text).toList(),
                    requests.stream().map(telegram::readableText).toList(), problem);
        }

        /**
         * Done when the poller has confirmed the update (it asks for the next ones only after storing these), it is
         * processed, and the outbox has nothing left to send.
         */
        private String settleByOutbox(long updateId, Duration cap) {
            long deadline = System.nanoTime() + cap.toNanos();
            while (System.nanoTime() < deadline) {
                if (telegram.confirmedOffset() > updateId && idle()) {
                    return null;
                }
                sleep(3);
            }
            return "the bot had not finished the update within " + cap.toSeconds() + " s (confirmed offset "
                    + telegram.confirmedOffset() + ", update " + updateId + ")";
        }

        /**
         * Every stored update processed, and nothing in the outbox due now: an entry is due from the moment it is
         * committed until Telegram has accepted it. One scheduled for later (a retry after a failure) does not hold
         * the turn up: it would come after the official 0.8 s too.
         */
        private boolean idle() {
            return new UpdateLog(db, Database.Dialect.SQLITE, java.time.Clock.systemUTC()).pendingCount() == 0
                    && new Outbox(db, json, java.time.Clock.systemUTC()).due(System.currentTimeMillis(), 1).isEmpty();
        }

        /** The rule of conversations.md: the first message within 10 s, then nothing new for the quiet period. */
        private String settleQuietly(long chatId, int before) {
            long deadline = System.nanoTime() + FIRST_MESSAGE_CAP.toNanos();
            int count = before;
            while (count == before) {
                if (System.nanoTime() >= deadline) {
                    return null;
                }
                sleep(5);
                count = sent(chatId).size();
            }
            long lastChange = System.nanoTime();
            while (System.nanoTime() - lastChange < quiet.toNanos()) {
                sleep(5);
                int now = sent(chatId).size();
                if (now != count) {
                    count = now;
                    lastChange = System.nanoTime();
                }
            }
            return null;
        }

        /** The bot's successful sendMessage calls to the chat, oldest first. */
        private List<FakeTelegramServer.Request> sent(long chatId) {
            return telegram.requests("sendMessage").stream().filter(r -> r.ok() && r.chatId() == chatId).toList();
        }

        record Button(long messageId, String label, String data) {
        }

        /**
         * The bot's messages in the chat with the inline keyboard each has now (an editMessageReplyMarkup or
         * editMessageText with reply_markup replaces it), by message id.
         */
        private TreeMap<Long, JsonNode> keyboards(long chatId) {
            TreeMap<Long, JsonNode> keyboards = new TreeMap<>();
            for (FakeTelegramServer.Request r : telegram.requests()) {
                if (!r.ok() || r.chatId() != chatId) {
                    continue;
                }
                switch (r.method()) {
                    case "sendmessage" -> keyboards.put(r.messageId(), r.params().path("reply_markup").path("inline_keyboard"));
                    case "editmessagereplymarkup" -> keyboards.put(r.params().path("message_id").asLong(),
                            r.params().path("reply_markup").path("inline_keyboard"));
                    case "editmessagetext" -> keyboards.put(r.params().path("message_id").asLong(),
                            r.params().path("reply_markup").path("inline_keyboard"));
                    default -> {
                    }
                }
            }
            return keyboards;
        }

        /** The callback buttons of the bot's latest message that has any, in reading order. */
        private List<Button> latestButtons(long chatId) {
            for (Map.Entry<Long, JsonNode> message : keyboards(chatId).descendingMap().entrySet()) {
                List<Button> buttons = new ArrayList<>();
                for (JsonNode row : message.getValue()) {
                    for (JsonNode button : row) {
                        if (button.hasNonNull("callback_data")) {
                            buttons.add(new Button(message.getKey(), button.path("text").asText(""),
                                    button.get("callback_data").asText()));
                        }
                    }
                }
                if (!buttons.isEmpty()) {
                    return buttons;
                }
            }
            return List.of();
        }

        private Button findButton(long chatId, Pattern label) {
            return latestButtons(chatId).stream().filter(b -> label.matcher(normalise(b.label())).find())
                    .findFirst().orElse(null);
        }

        private String buttonLabels(long chatId) {
            List<Button> buttons = latestButtons(chatId);
            return buttons.isEmpty() ? "(no message with buttons)"
                    : buttons.stream().map(b -> "[" + b.label() + "]").reduce((a, b) -> a + " " + b).orElse("");
        }

        @Override
        public void close() {
            try {
                if (db != null) {
                    db.close();
                }
            } catch (SQLException ignored) {
                // only a reader
            }
            if (bot != null) {
                bot.close();
            }
            telegram.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ------------------------------------------------------------------ reporting

    private static String report(String name, Path file, List<Result> results, List<String> rejected, String totals,
                                 long elapsedMillis) {
        StringBuilder out = new StringBuilder();
        out.append("\n=== conversation set ").append(name).append(" (").append(file).append(", settle=")
                .append(System.getProperty("conversations.settle", "outbox")).append(") ===\n");
        Map<String, long[]> byKind = new TreeMap<>();
        Map<String, long[]> byLang = new TreeMap<>();
        for (Result result : results) {
            Conversation c = result.conversation();
            out.append(result.fullyRight() ? "PASS " : "FAIL ").append(c.id()).append(" [").append(c.lang())
                    .append("] ").append(result.right()).append('/').append(result.counted()).append(" turns right\n");
            if (result.startProblem() != null) {
                out.append("  /start: ").append(result.startProblem()).append('\n');
            }
            for (Played p : result.turns()) {
                if (p.counted()) {
                    tally(byKind, p.turn().kind().isEmpty() ? "-" : p.turn().kind(), p.right());
                    tally(byLang, c.lang(), p.right());
                }
                if (!p.counted() || p.right()) {
                    continue;
                }
                out.append("  turn ").append(p.turn().number()).append(" [").append(p.turn().kind()).append("] ")
                        .append(p.turn().shown());
                if (p.pressedLabel() != null) {
                    out.append(" → pressed [").append(p.pressedLabel()).append(']');
                }
                out.append('\n');
                if (p.problem() != null) {
                    out.append("    problem: ").append(p.problem()).append('\n');
                }
                if (!p.replied()) {
                    out.append("    no reply\n");
                }
                p.missing().forEach(rx -> out.append("    missing:   /").append(rx).append("/\n"));
                p.forbidden().forEach(rx -> out.append("    forbidden: /").append(rx).append('\n'));
                if (p.replied()) {
                    String shown = p.reply().codePointCount(0, p.reply().length()) > REPLY_SHOWN
                            ? p.reply().substring(0, p.reply().offsetByCodePoints(0, REPLY_SHOWN)) + "…" : p.reply();
                    out.append("    reply: ").append(shown.replace("\n", " ⏎ ")).append('\n');
                }
            }
        }
        out.append("turns by kind:");
        byKind.forEach((kind, n) -> out.append(' ').append(kind).append(' ').append(n[0]).append('/').append(n[1]));
        out.append("\nturns by conversation language:");
        byLang.forEach((lang, n) -> out.append(' ').append(lang).append(' ').append(n[0]).append('/').append(n[1]));
        out.append('\n');
        if (!rejected.isEmpty()) {
            out.append("Telegram rejected ").append(rejected.size()).append(" sendMessage call(s) (not seen by users):\n");
            rejected.forEach(r -> out.append("  ").append(r).append('\n'));
        }
        out.append(name).append(": ").append(totals).append(String.format(Locale.ROOT, " — played in %.1f s%n",
                elapsedMillis / 1000.0));
        return out.toString();
    }

    private static void tally(Map<String, long[]> counts, String key, boolean right) {
        long[] n = counts.computeIfAbsent(key, k -> new long[2]);
        n[1]++;
        if (right) {
            n[0]++;
        }
    }

    /** Every turn as one JSON line, for reading or for re-judging with Python. */
    private static void writeTranscript(String name, List<Result> results) {
        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (Result result : results) {
            for (Played p : result.turns()) {
                ObjectNode line = json.createObjectNode()
                        .put("conversation", result.conversation().id())
                        .put("turn", p.turn().number())
                        .put("kind", p.turn().kind());
                if (p.turn().user() != null) {
                    line.put("user", p.turn().user());
                } else {
                    line.put("press", p.turn().press().source()).put("pressed", p.pressedLabel());
                }
                ArrayNode sent = line.putArray("sent");
                p.sent().forEach(sent::add);
                ArrayNode messages = line.putArray("messages");
                p.messages().forEach(messages::add);
                line.put("reply", p.reply())
                        .put("counted", p.counted())
                        .put("right", p.right())
                        .put("millis", p.millis());
                ArrayNode missing = line.putArray("missing");
                p.missing().forEach(missing::add);
                ArrayNode forbidden = line.putArray("forbidden");
                p.forbidden().forEach(forbidden::add);
                if (p.problem() != null) {
                    line.put("problem", p.problem());
                }
                lines.append(line).append('\n');
            }
        }
        try {
            Files.createDirectories(TRANSCRIPTS);
            Files.writeString(TRANSCRIPTS.resolve(name + ".jsonl"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("could not write the transcript: " + e);
        }
    }

    // ------------------------------------------------------------------ score.py's rules in Java

    private static final Pattern DASHES = Pattern.compile("[\\u2010-\\u2015\\u2212]");
    /** score.py: {@code (?<=\d)[\s\u00a0\u202f\u2009,'.](?=\d{3}(?!\d))}, with Python's Unicode \s and \d. */
    private static final Pattern THOUSANDS =
            Pattern.compile("(?<=\\d)[\\s\\u00a0\\u202f\\u2009,'.](?=\\d{3}(?!\\d))", PYTHON_FLAGS);

    /** score.py's normalise(): lower case, ё→е, every dash → "-", thousands separators inside numbers removed. */
    static String normalise(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('ё', 'е');
        t = DASHES.matcher(t).replaceAll("-");
        return THOUSANDS.matcher(t).replaceAll("");
    }

    /** A Python {@code re} pattern as Java compiles it, searched like re.search without flags. */
    static Pattern python(String source) {
        return Pattern.compile(PythonRegex.toJava(source), PYTHON_FLAGS);
    }

    /**
     * Rewrites the few constructs that Python's {@code re} and {@link Pattern} spell differently; everything else
     * (classes, lookarounds, \b \w \d \s with {@link #PYTHON_FLAGS}, lazy and possessive quantifiers) means the same.
     */
    static final class PythonRegex {
        private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*)(,(\\d*))?}");

        private PythonRegex() {
        }

        static String toJava(String py) {
            StringBuilder out = new StringBuilder(py.length() + 8);
            Map<String, String> groupNames = new HashMap<>();
            boolean inClass = false;
            int i = 0;
            int n = py.length();
            while (i < n) {
                char c = py.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= n) {
                        throw new IllegalArgumentException("a pattern cannot end with a backslash");
                    }
                    char e = py.charAt(i + 1);
                    if (e == 'Z' && !inClass) {
                        out.append("\\z");
                    } else if (e == 'b' && inClass) {
                        out.append("\\x08");
                    } else if (e == 'U') {
                        out.append("\\x{").append(py, i + 2, Math.min(n, i + 10)).append('}');
                        i += 10;
                        continue;
                    } else {
                        out.append(c).append(e);
                    }
                    i += 2;
                    continue;
                }
                if (inClass) {
                    if (c == ']') {
                        inClass = false;
                        out.append(c);
                    } else if (c == '[' || c == '&') {
                        out.append('\\').append(c);
                    } else {
                        out.append(c);
                    }
                    i++;
                    continue;
                }
                if (c == '[') {
                    inClass = true;
                    out.append('[');
                    i++;
                    if (i < n && py.charAt(i) == '^') {
                        out.append('^');
                        i++;
                    }
                    // A ']' first in a class is a literal in Python.
                    if (i < n && py.charAt(i) == ']') {
                        out.append("\\]");
                        i++;
                    }
                    continue;
                }
                if (py.startsWith("(?P<", i)) {
                    int end = py.indexOf('>', i);
                    out.append("(?<").append(javaGroupName(py.substring(i + 4, end), groupNames)).append('>');
                    i = end + 1;
                    continue;
                }
                if (py.startsWith("(?P=", i)) {
                    int end = py.indexOf(')', i);
                    out.append("\\k<").append(javaGroupName(py.substring(i + 4, end), groupNames)).append('>');
                    i = end + 1;
                    continue;
                }
                if (py.startsWith("(?#", i)) {
                    i = py.indexOf(')', i) + 1;
                    continue;
                }
                if (py.startsWith("(?a", i) || py.startsWith("(?L", i)) {
                    throw new IllegalArgumentException("ASCII/locale flags are not translated: " + py);
                }
                if (py.startsWith("(?u)", i)) {
                    i += 4;
                    continue;
                }
                if (c == '{') {
                    // As sre_parse: {m} {m,} {,n} {m,n} {,} repeat; anything else ("{}", "{x}", "{1") is literal.
                    Matcher q = QUANTIFIER.matcher(py).region(i, n);
                    if (q.lookingAt() && !(q.group(1).isEmpty() && q.group(2) == null)) {
                        out.append('{').append(q.group(1).isEmpty() ? "0" : q.group(1));
                        if (q.group(2) != null) {
                            out.append(',').append(q.group(3));
                        }
                        out.append('}');
                        i = q.end();
                    } else {
                        out.append("\\{");
                        i++;
                    }
                    continue;
                }
                if (c == '}') {
                    out.append("\\}");
                    i++;
                    continue;
                }
                out.append(c);
                i++;
            }
            return out.toString();
        }

        /** Java group names are ASCII letters and digits; Python's may be any identifier. */
        private static String javaGroupName(String name, Map<String, String> names) {
            return names.computeIfAbsent(name, k -> k.matches("[a-zA-Z][a-zA-Z0-9]*") ? k : "g" + (names.size() + 1) + "x");
        }
    }

}
