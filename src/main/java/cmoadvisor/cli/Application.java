package cmoadvisor.cli;

import cmoadvisor.admin.Reports;
import cmoadvisor.app.BotConfig;
import cmoadvisor.conversation.Lead;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.storage.Analytics;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.LeadExport;
import cmoadvisor.storage.Migrations;
import cmoadvisor.text.Html;
import cmoadvisor.app.TelegramBot;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.KnowledgeException;
import cmoadvisor.knowledge.KnowledgeLoader;
import cmoadvisor.search.AnswerEngine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Dispatches a command line to its command; returns the process exit code instead of exiting. */
public final class Application {
    static final String USAGE = """
            usage: java -jar cmo-advisor.jar [COMMAND] [--knowledge DIR] [--lang ky|ru|en]
              (no command)       run the Telegram bot (needs TELEGRAM_BOT_TOKEN); long polling, or BOT_MODE=webhook
              web                run the bot in webhook mode (WEBHOOK_URL, PORT; as a Procfile's web process)
              chat               chat with the bot in this terminal
              ask [QUESTION...]  answer QUESTION, or each line of standard input, as JSON lines
                                 (--explain adds the ranked topics and the question's terms;
                                 --conversation: the lines are turns of one chat, an empty line starts the next)
              check-knowledge    validate the knowledge folder and exit non-zero on errors
              bench [FILE]       measure answers per second on one thread
              warm-up            start the bot against a local Bot API, answer a few messages, stop
                                 (the training run of a class data archive: see scripts/cds.sh)
              stats [--days N]   the funnel, top topics, answer rate and unanswered questions
              leads [--format csv|json] [--days N]   the leads (CSV in UTF-8 with BOM for Excel)
            --knowledge DIR (or KNOWLEDGE_DIR) points at the knowledge folder; default ./knowledge
            """;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    public Application(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        this.env = env;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        CommandLine cmd;
        try {
            cmd = CommandLine.parse(args, env);
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (cmd.command()) {
                case "ask" -> new AskCommand(engine(cmd), BotConfig.fromEnvironment(env, cmd.knowledgeDir(), false)
                        .engineOptions(-1L), java.time.Clock.systemUTC())
                        .explaining(cmd.arguments().contains("--explain"))
                        .conversations(cmd.arguments().contains("--conversation"))
                        .run(cmd.arguments().stream().filter(a -> !a.startsWith("--")).toList(), cmd.lang(), reader(), out);
                case "chat" -> new ChatCommand(engine(cmd), BotConfig.fromEnvironment(env, cmd.knowledgeDir(), false))
                        .run(cmd.lang(), reader(), out);
                case "bench" -> new BenchCommand(engine(cmd), BotConfig.fromEnvironment(env, cmd.knowledgeDir(), false)
                        .engineOptions(-1L)).run(cmd.arguments(), out);
                case "check-knowledge" -> checkKnowledge(cmd);
                case "warm-up" -> new WarmUpCommand().run(cmd.knowledgeDir(), out);
                case "stats" -> stats(cmd);
                case "leads" -> leads(cmd);
                case "bot" -> bot(cmd, env);
                case "web" -> {
                    // The webhook's process on a Procfile host: the same bot, served over HTTP on PORT.
                    Map<String, String> webEnv = new java.util.HashMap<>(env);
                    webEnv.put("BOT_MODE", "webhook");
                    yield bot(cmd, webEnv);
                }
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    err.println("unknown command '" + cmd.command() + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (KnowledgeException e) {
            err.println(e.getMessage());
            return 1;
        } catch (BotConfig.Invalid e) {
            e.problems().forEach(problem -> err.println("configuration: " + problem));
            return 2;
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("I/O error: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("I/O error: " + e.getCause().getMessage());
            return 1;
        }
    }

    /** {@code stats [--days N]}: the funnel report of /stats, and the unanswered questions of /gaps. */
    private int stats(CommandLine cmd) {
        int days = intOption(cmd, "--days", 30);
        long now = System.currentTimeMillis();
        try (Database database = openDatabase()) {
            Analytics.Report report = database.transaction(c -> new Analytics(c).report(days, now));
            List<Analytics.Gap> gaps = database.transaction(c -> new Analytics(c).gaps(days, now, 20));
            Reports reports = new Reports(new KnowledgeLoader().load(cmd.knowledgeDir()).messages(), cmd.lang().orElse(Lang.EN));
            out.println(Html.toPlainText(reports.stats(report)));
            out.println();
            out.println(Html.toPlainText(reports.gaps(days, gaps)));
        }
        return 0;
    }

    /** {@code leads [--format csv|json] [--days N]}: the leads to standard output. */
    private int leads(CommandLine cmd) {
        int days = intOption(cmd, "--days", 3650);
        String format = stringOption(cmd, "--format", "csv");
        if (!format.equals("csv") && !format.equals("json")) {
            throw new CommandLine.UsageException("--format takes csv or json, not '" + format + "'");
        }
        try (Database database = openDatabase()) {
            List<Lead> leads = database.transaction(c -> new LeadExport(c, new Json()).leads(days, System.currentTimeMillis()));
            if (format.equals("csv")) {
                out.write(LeadExport.csv(leads), 0, LeadExport.csv(leads).length);
            } else {
                out.println(LeadExport.json(leads));
            }
            out.flush();
        }
        return 0;
    }

    private Database openDatabase() {
        String url = env.get("DATABASE_URL");
        Database database = Database.open(url);
        Migrations.migrate(database);
        return database;
    }

    private static int intOption(CommandLine cmd, String name, int fallback) {
        String value = stringOption(cmd, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException(name + " takes a whole number, not '" + value + "'");
        }
    }

    private static String stringOption(CommandLine cmd, String name, String fallback) {
        List<String> args = cmd.arguments();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(name)) {
                return args.get(i + 1);
            }
        }
        return fallback;
    }

    private int checkKnowledge(CommandLine cmd) {
        var dir = cmd.arguments().isEmpty() ? cmd.knowledgeDir() : java.nio.file.Path.of(cmd.arguments().get(0));
        KnowledgeBase knowledge = new KnowledgeLoader().load(dir);
        // Building the engine also checks the synonyms against the analyzers.
        new AnswerEngine(knowledge);
        out.printf("%s: OK, %d topics%n", dir, knowledge.topicIds().size());
        return 0;
    }

    /** Runs the Telegram bot until the process is asked to stop (Ctrl+C, SIGTERM from the host). */
    private int bot(CommandLine cmd, Map<String, String> env) {
        BotConfig config = BotConfig.fromEnvironment(env, cmd.knowledgeDir(), true);
        cmoadvisor.admin.LastGoodKnowledge lastGood = new cmoadvisor.admin.LastGoodKnowledge(BotConfig.lastGoodKnowledgeDir(env));
        // The database opens and migrates while the knowledge folder is read and validated (a fifth of a start).
        java.util.concurrent.CompletableFuture<TelegramBot.Storage> storage =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> TelegramBot.Storage.open(config),
                        // A thread of its own: the common pool (one thread on two cores) builds the search index.
                        task -> new Thread(task, "open-database").start());
        cmoadvisor.admin.LastGoodKnowledge.Start start;
        try {
            start = lastGood.load(new KnowledgeLoader(), config.knowledgeDir());
        } catch (RuntimeException e) {
            storage.thenAccept(TelegramBot.Storage::close);
            throw e;
        }
        if (!start.folderErrors().isEmpty()) {
            err.println("the knowledge folder " + config.knowledgeDir() + " is broken; serving the last good copy until it is fixed:");
            start.folderErrors().forEach(e -> err.println("  " + e));
        }
        TelegramBot bot = new TelegramBot(config, start.knowledge(), Clock.systemUTC(), lastGood, start.folderErrors(),
                storage);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            bot.close();
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        bot.start();
        out.println("cmo-advisor is running; stop it with Ctrl+C");
        bot.wrongToken().thenRun(stopped::countDown);
        bot.broken().thenRun(stopped::countDown);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Throwable broken = bot.broken().getNow(null);
        if (broken != null) {
            err.println("the bot cannot serve the knowledge folder " + config.knowledgeDir() + ": " + broken.getMessage()
                    + "\nCheck it with check-knowledge and start again.");
            Runtime.getRuntime().removeShutdownHook(hook);
            bot.close();
            return 1;
        }
        String refused = bot.wrongToken().getNow(null);
        if (refused != null) {
            err.println("TELEGRAM_BOT_TOKEN is wrong: Telegram answered " + refused
                    + ". Take the token from @BotFather (/mybots → API Token) and start again.");
            Runtime.getRuntime().removeShutdownHook(hook);
            bot.close();
            return 2;
        }
        return 0;
    }

    private AnswerEngine engine(CommandLine cmd) {
        return AnswerEngine.load(new KnowledgeLoader(), cmd.knowledgeDir());
    }

    private BufferedReader reader() {
        return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    }
}
