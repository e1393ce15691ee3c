package cmoadvisor.bench;

import cmoadvisor.cli.LocalBotApi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The load harness of the README's benchmark table: the packaged bot (on SQLite and on PostgreSQL) and a bare
 * TelegramBots echo bot ({@link EchoBot}), each in a JVM of its own with the same options, against the lean
 * stand-in Bot API ({@link LocalBotApi}), taking turns within each round so that both see the same machine.
 * Per run it measures:
 * <ol>
 *   <li>start: from launching the JVM to the first reply to /start (the update waits in getUpdates already);</li>
 *   <li>memory: RSS after 500 new chats (each /start and one question, 50 chats at a time);</li>
 *   <li>throughput: replies a second with 50 chats, each sending its next message when its reply came, and
 *   the subject's CPU time per reply over the same window (steadier than the rate on a shared machine);</li>
 *   <li>latency: update to reply at 100 updates a second, spread evenly over 200 chats, p50/p99/max.</li>
 * </ol>
 * The bot runs with TELEGRAM_PACING=off: Telegram's own limits (about 30 messages a second, one a second
 * per chat) would measure the pace, not the bot. A benchmark, not a test: nothing here asserts a time.
 *
 * <p>usage: LoadHarness JAR ECHO_CLASSPATH KNOWLEDGE_DIR [--rounds N] [--databases sqlite,postgres]
 * [--seconds S] [--jvm "OPTIONS"] [--bot-jvm "OPTIONS"] [--start-only true] (the second only for the bot, such
 * as its class data archive; the last measures only the start, for many quick rounds)
 */
public final class LoadHarness {
    private static final String TOKEN = "123456:bench-token-for-the-load-harness";
    private static final long START_CHAT = 1;
    /** Who sends /start to the bot restarted on the database its first run left. */
    private static final long RESTART_CHAT = 2;
    /** Questions as prospects ask them, written from the article for this harness (not the eval sets). */
    private static final List<String> QUESTIONS = List.of(
            "Сколько стоит фракционный CMO в месяц?",
            "Что такое фракционный директор по маркетингу?",
            "Чем ретейнер отличается от проектной работы?",
            "Сколько стоит час работы маркетолога у вас?",
            "Фракциялык CMO деген эмне?",
            "Ретейнер айына канча турат?",
            "Штаттагы маркетинг директору канча турат?",
            "What is a fractional CMO?",
            "How much is the hourly rate?",
            "How long does a project usually take?",
            "What does a full-time CMO cost a year?",
            "When is a company ready for a fractional CMO?");

    private record Options(Path jar, String echoClasspath, Path knowledge, int rounds, List<String> databases,
                           int seconds, List<String> jvm, List<String> botJvm, boolean startOnly) {
    }

    /** One run's figures. */
    private record Result(String subject, double startSeconds, double restartSeconds, long rssAfterChatsMb, double repliesPerSecond,
                          double cpuMillisPerReply,
                          double p50Millis, double p99Millis, double maxMillis, long updates, long replies) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            List<String> subjects = new ArrayList<>();
            subjects.add("echo");
            options.databases().forEach(db -> subjects.add("bot-" + db));
            if (round % 2 == 0) {
                // Alternate who goes first, so that neither always gets the cooler machine.
                java.util.Collections.reverse(subjects);
            }
            for (String subject : subjects) {
                Result result = run(subject, options);
                System.out.println("round " + round + ": " + describe(result));
                results.computeIfAbsent(subject, s -> new ArrayList<>()).add(result);
            }
        }
        System.out.println();
        System.out.println("median of " + options.rounds() + " round(s), JVM options: " + String.join(" ", options.jvm())
                + (options.botJvm().isEmpty() ? "" : "; the bot's own: " + String.join(" ", options.botJvm())));
        System.out.println("| subject | start → first reply (new database / restart) | RSS after 500 chats | replies/s, 50 chats | ratio to echo"
                + " | CPU a reply | p50 / p99 / max at 100 updates/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        Result echo = median(results.get("echo"));
        for (Map.Entry<String, List<Result>> entry : results.entrySet()) {
            Result m = median(entry.getValue());
            System.out.printf(Locale.ROOT, "| %s | %.2f / %.2f s | %d MB | %.0f | %.2f× | %.2f ms | %.1f / %.1f / %.1f ms |%n",
                    entry.getKey(), m.startSeconds(), m.restartSeconds(), m.rssAfterChatsMb(), m.repliesPerSecond(),
                    m.repliesPerSecond() / echo.repliesPerSecond(), m.cpuMillisPerReply(),
                    m.p50Millis(), m.p99Millis(), m.maxMillis());
        }
    }

    private static String describe(Result r) {
        return String.format(Locale.ROOT, "%-13s start %.2f s (restart %.2f s), RSS %d MB after 500 chats, %.0f replies/s (50 chats),"
                        + " %.2f ms CPU a reply, latency p50 %.1f p99 %.1f max %.1f ms at 100/s; %d updates, %d replies",
                r.subject(), r.startSeconds(), r.restartSeconds(), r.rssAfterChatsMb(), r.repliesPerSecond(), r.cpuMillisPerReply(),
                r.p50Millis(), r.p99Millis(), r.maxMillis(),
                r.updates(), r.replies());
    }

    /** Each figure's own median across the rounds. */
    private static Result median(List<Result> runs) {
        return new Result(runs.get(0).subject(),
                medianOf(runs.stream().mapToDouble(Result::startSeconds).toArray()),
                medianOf(runs.stream().mapToDouble(Result::restartSeconds).toArray()),
                (long) medianOf(runs.stream().mapToDouble(Result::rssAfterChatsMb).toArray()),
                medianOf(runs.stream().mapToDouble(Result::repliesPerSecond).toArray()),
                medianOf(runs.stream().mapToDouble(Result::cpuMillisPerReply).toArray()),
                medianOf(runs.stream().mapToDouble(Result::p50Millis).toArray()),
                medianOf(runs.stream().mapToDouble(Result::p99Millis).toArray()),
                medianOf(runs.stream().mapToDouble(Result::maxMillis).toArray()),
                0, 0);
    }

    private static double medianOf(double[] values) {
        Arrays.sort(values);
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /** Per chat: when each of its messages still unanswered was made available, oldest first. */
    private static final class Chats {
        private final Map<Long, Deque<Long>> waiting = new ConcurrentHashMap<>();
        private final AtomicLong updates = new AtomicLong();
        private final AtomicLong replies = new AtomicLong();
        private volatile LongConsumer answered = chat -> { };
        private volatile Latencies latencies;

        void sent(LocalBotApi telegram, long chat, String text) {
            Deque<Long> queue = waiting.computeIfAbsent(chat, c -> new ArrayDeque<>());
            synchronized (queue) {
                queue.addLast(System.nanoTime());
            }
            updates.incrementAndGet();
            telegram.userText(chat, text);
        }

        /** A reply to the chat: the oldest message it had waiting is answered. */
        void replied(long chat) {
            replies.incrementAndGet();
            Deque<Long> queue = waiting.get(chat);
            if (queue == null) {
                return;
            }
            Long at;
            synchronized (queue) {
                at = queue.pollFirst();
            }
            if (at == null) {
                // A second message for one update: the answer's follow-up.
                return;
            }
            Latencies recording = latencies;
            if (recording != null) {
                recording.add(System.nanoTime() - at);
            }
            answered.accept(chat);
        }
    }

    private static final class Latencies {
        private final List<Long> nanos = new ArrayList<>();

        synchronized void add(long value) {
            nanos.add(value);
        }

        synchronized double percentileMillis(double p) {
            if (nanos.isEmpty()) {
                return Double.NaN;
            }
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    /** One subject's run in a folder of its own, removed after it (kept when the run fails: its logs are there). */
    private static Result run(String subject, Options options) throws Exception {
        Path dir = Files.createTempDirectory("load-" + subject + "-");
        Result result = measure(subject, options, dir);
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        return result;
    }

    private static Result measure(String subject, Options options, Path dir) throws Exception {
        String schema = null;
        try (LocalBotApi telegram = new LocalBotApi()) {
            Chats chats = new Chats();
            telegram.onMessage(chats::replied);
            Map<String, String> env = new LinkedHashMap<>();
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(options.jvm());
            if (subject.equals("echo")) {
                command.addAll(List.of("-cp", options.echoClasspath(), EchoBot.class.getName(), TOKEN, telegram.baseUrl()));
            } else {
                command.addAll(options.botJvm());
                command.addAll(List.of("-jar", options.jar().toString()));
                env.put("TELEGRAM_BOT_TOKEN", TOKEN);
                env.put("TELEGRAM_API_URL", telegram.baseUrl());
                env.put("AGENCY_CHAT_ID", "-100999");
                env.put("KNOWLEDGE_DIR", options.knowledge().toString());
                env.put("KNOWLEDGE_LAST_GOOD_DIR", dir.resolve("last-good").toString());
                env.put("TELEGRAM_PACING", "off");
                if (subject.equals("bot-postgres")) {
                    schema = "load_" + Long.toHexString(System.nanoTime());
                    try (Connection c = DriverManager.getConnection(postgresUrl(null)); Statement s = c.createStatement()) {
                        s.execute("CREATE SCHEMA " + schema);
                    }
                    env.put("DATABASE_URL", postgresUrl(schema));
                } else {
                    env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db"));
                }
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.equals("DATABASE_URL")
                    || k.equals("AGENCY_CHAT_ID") || k.equals("BOT_MODE") || k.equals("ADMIN_IDS"));
            builder.environment().putAll(env);

            Launched first = launch(builder, telegram, chats, START_CHAT, subject, dir);
            Process process = first.process();
            double start = first.seconds();
            Result measured;
            try {
                if (options.startOnly()) {
                    awaitQuiet(chats);
                    measured = new Result(subject, start, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                            Double.NaN, 0, 0);
                } else {
                    awaitQuiet(chats);
                    long rss = rssAfterNewChats(telegram, chats, process, 1_000);
                    Throughput throughput = throughput(telegram, chats, process, 100_000, options.seconds());
                    awaitQuiet(chats);
                    Latencies latencies = latencyAtRate(telegram, chats, 200_000, 100, options.seconds());
                    awaitQuiet(chats);
                    measured = new Result(subject, start, Double.NaN, rss, throughput.perSecond(),
                            throughput.cpuMillisPerReply(), latencies.percentileMillis(0.50),
                            latencies.percentileMillis(0.99), latencies.percentileMillis(1.0), 0, 0);
                }
            } finally {
                stop(process);
            }
            // A restart on the database the first run left, as a redeploy starts: migrated, with its chats.
            Launched again = launch(builder, telegram, chats, RESTART_CHAT, subject, dir);
            try {
                double restart = again.seconds();
                awaitQuiet(chats);
                return new Result(subject, measured.startSeconds(), restart, measured.rssAfterChatsMb(),
                        measured.repliesPerSecond(), measured.cpuMillisPerReply(), measured.p50Millis(),
                        measured.p99Millis(), measured.maxMillis(), chats.updates.get(), chats.replies.get());
            } finally {
                stop(again.process());
            }
        } finally {
            if (schema != null) {
                try (Connection c = DriverManager.getConnection(postgresUrl(null)); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private record Launched(Process process, double seconds) {
    }

    /**
     * Sends /start, so that it waits in getUpdates already, starts the JVM and waits for the reply: the
     * seconds from launching the JVM to it.
     */
    private static Launched launch(ProcessBuilder builder, LocalBotApi telegram, Chats chats, long chat, String subject,
                                   Path dir) throws IOException, InterruptedException {
        java.util.concurrent.CountDownLatch firstReply = new java.util.concurrent.CountDownLatch(1);
        chats.answered = answeredChat -> {
            if (answeredChat == chat) {
                firstReply.countDown();
            }
        };
        chats.sent(telegram, chat, "/start");
        long launched = System.nanoTime();
        Process process = builder.start();
        if (!firstReply.await(60, TimeUnit.SECONDS)) {
            stop(process);
            throw new IllegalStateException(subject + " did not answer /start within 60 s; see " + dir);
        }
        double seconds = (System.nanoTime() - launched) / 1e9;
        chats.answered = answeredChat -> { };
        return new Launched(process, seconds);
    }

    /** Asks the process to stop (the bot closes its database) and waits for it. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static String postgresUrl(String schema) {
        String user = System.getProperty("user.name");
        String base = System.getenv().getOrDefault("TEST_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/test?user=" + user + "&password=" + user);
        return schema == null ? base : base + "&currentSchema=" + schema;
    }

    /** Waits until every message sent has its reply and nothing arrived for half a second. */
    private static void awaitQuiet(Chats chats) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long replies = chats.replies.get();
            boolean allAnswered = chats.waiting.values().stream().allMatch(q -> {
                synchronized (q) {
                    return q.isEmpty();
                }
            });
            if (allAnswered && replies == last) {
                return;
            }
            last = replies;
            Thread.sleep(500);
        }
        throw new IllegalStateException("replies still missing after 120 s");
    }

    /** 500 new chats, 50 at a time, each /start and one question; then the process's resident memory. */
    private static long rssAfterNewChats(LocalBotApi telegram, Chats chats, Process process, long firstChat)
            throws InterruptedException, IOException {
        int total = 500;
        AtomicLong started = new AtomicLong();
        Map<Long, Integer> step = new ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(total);
        LongConsumer next = new LongConsumer() {
            @Override
            public void accept(long chat) {
                int s = step.merge(chat, 1, Integer::sum);
                if (s == 1) {
                    chats.sent(telegram, chat, QUESTIONS.get((int) (chat % QUESTIONS.size())));
                } else if (s == 2) {
                    done.countDown();
                    long n = started.incrementAndGet() + 49;
                    if (n < total) {
                        chats.sent(telegram, firstChat + n, "/start");
                    }
                }
            }
        };
        chats.answered = next;
        started.set(0);
        for (int i = 0; i < 50; i++) {
            chats.sent(telegram, firstChat + i, "/start");
        }
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the 500 chats were not answered within 300 s");
        }
        chats.answered = chat -> { };
        awaitQuiet(chats);
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * 50 chats, each sending its next question when the last one was answered: replies a second, counted
     * after a warm-up as long as the count (the bot's code is large, and the JIT takes that long to settle).
     */
    private static Throughput throughput(LocalBotApi telegram, Chats chats, Process process, long firstChat, int seconds)
            throws InterruptedException, IOException {
        Map<Long, Integer> asked = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        chats.answered = chat -> {
            answered.incrementAndGet();
            if (running.get()) {
                int n = asked.merge(chat, 1, Integer::sum);
                chats.sent(telegram, chat, QUESTIONS.get((int) ((chat + n) % QUESTIONS.size())));
            }
        };
        for (int i = 0; i < 50; i++) {
            chats.sent(telegram, firstChat + i, QUESTIONS.get(i % QUESTIONS.size()));
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long before = answered.get();
        long cpuBefore = cpuTicks(process);
        Map<String, Long> callsBefore = telegram.callsSoFar();
        long from = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long count = answered.get() - before;
        long cpu = cpuTicks(process) - cpuBefore;
        Map<String, Long> callsAfter = telegram.callsSoFar();
        StringBuilder perReply = new StringBuilder();
        callsAfter.forEach((method, total) -> perReply.append(String.format(java.util.Locale.ROOT, " %s %.2f",
                method, (total - callsBefore.getOrDefault(method, 0L)) / (double) Math.max(1, count))));
        System.err.println("  Bot API calls a reply:" + perReply);
        double elapsed = (System.nanoTime() - from) / 1e9;
        running.set(false);
        chats.answered = chat -> { };
        return new Throughput(count / elapsed, cpu * 1000.0 / TICKS_A_SECOND / Math.max(1, count));
    }

    /** Replies a second, and the subject's CPU time (all its threads, user and system) per reply. */
    private record Throughput(double perSecond, double cpuMillisPerReply) {
    }

    // Linux's USER_HZ, the unit of /proc/<pid>/stat's times; 100 on every architecture the JDK runs on.
    private static final double TICKS_A_SECOND = 100;

    /** The process's user and system CPU time so far, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
    private static long cpuTicks(Process process) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** An update every 1/rate s, round the chats in turn; latencies recorded after a warm-up. */
    private static Latencies latencyAtRate(LocalBotApi telegram, Chats chats, long firstChat, int rate, int seconds)
            throws InterruptedException {
        int chatCount = 200;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong n = new AtomicLong();
        try {
            ticker.scheduleAtFixedRate(() -> {
                long i = n.getAndIncrement();
                chats.sent(telegram, firstChat + i % chatCount, QUESTIONS.get((int) (i % QUESTIONS.size())));
            }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            Latencies latencies = new Latencies();
            chats.latencies = latencies;
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            chats.latencies = null;
            return latencies;
        } finally {
            ticker.shutdownNow();
        }
    }

    private static Options parse(String[] args) {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: LoadHarness JAR ECHO_CLASSPATH KNOWLEDGE_DIR [--rounds N]"
                    + " [--databases sqlite,postgres] [--seconds S] [--jvm \"OPTIONS\"] [--bot-jvm \"OPTIONS\"]");
        }
        int rounds = 3;
        int seconds = 15;
        List<String> databases = List.of("sqlite", "postgres");
        List<String> jvm = List.of();
        List<String> botJvm = List.of();
        boolean startOnly = false;
        for (int i = 3; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--databases" -> databases = List.of(args[i + 1].split(","));
                case "--jvm" -> jvm = args[i + 1].isBlank() ? List.of() : List.of(args[i + 1].trim().split("\\s+"));
                case "--bot-jvm" -> botJvm = args[i + 1].isBlank() ? List.of() : List.of(args[i + 1].trim().split("\\s+"));
                case "--start-only" -> startOnly = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // The JVMs run in folders of their own: every path must hold from there.
        String classpath = Arrays.stream(args[1].split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        return new Options(Path.of(args[0]).toAbsolutePath(), classpath, Path.of(args[2]).toAbsolutePath(), rounds,
                databases, seconds, jvm, botJvm, startOnly);
    }
}
