package cmoadvisor.cli;

import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.KnowledgeLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code warm-up}: starts the Telegram bot the way a host starts it (knowledge, database and migrations, the
 * Telegram client, polling, processing, sending) against a {@link LocalBotApi} instead of Telegram, answers
 * a /start and a question in each language, and stops. Nothing leaves the machine and nothing is kept.
 *
 * <p>It is the training run of AppCDS: {@code java -XX:ArchiveClassesAtExit=target/cmo-advisor.jsa -jar
 * target/cmo-advisor.jar warm-up} records every class a start loads, and a bot started with
 * {@code -XX:SharedArchiveFile=target/cmo-advisor.jsa} maps them instead of loading them one by one
 * (see scripts/cds.sh). A plain {@code chat} run would miss TelegramBots' model and OkHttp, which are a
 * third of the classes a start loads.
 */
final class WarmUpCommand {
    private static final long CHAT = 1;
    private static final List<String> MESSAGES = List.of("/start", "Сколько стоит ретейнер в месяц?",
            "Фракциялык CMO деген эмне?", "How much is the hourly rate?");

    int run(Path knowledgeDir, PrintStream out) throws IOException {
        Path dir = Files.createTempDirectory("cmo-advisor-warm-up");
        try (LocalBotApi api = new LocalBotApi()) {
            CountDownLatch answered = new CountDownLatch(MESSAGES.size());
            api.onMessage(chat -> answered.countDown());
            BotConfig config = BotConfig.fromEnvironment(Map.of(
                    "TELEGRAM_BOT_TOKEN", "123456:warm-up-token-nothing-leaves-this-machine",
                    "TELEGRAM_API_URL", api.baseUrl(),
                    "AGENCY_CHAT_ID", "-1",
                    "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("warm-up.db"),
                    "TELEGRAM_PACING", "off"), knowledgeDir, true);
            KnowledgeBase knowledge = new KnowledgeLoader().load(knowledgeDir);
            MESSAGES.forEach(text -> api.userText(CHAT, text));
            try (TelegramBot bot = new TelegramBot(config, knowledge, Clock.systemUTC())) {
                bot.start();
                if (!awaitAnswers(answered)) {
                    throw new IllegalStateException("the bot did not answer the warm-up messages within 60 s");
                }
            }
            out.println("warm-up: started the bot against a local Bot API and answered " + MESSAGES.size() + " messages");
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static boolean awaitAnswers(CountDownLatch answered) {
        try {
            return answered.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
