package cmoadvisor.telegram;

import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two webhook instances on one PostgreSQL behind a "load balancer" (the test sends each update to either),
 * and one SQLite file that a second process may not share.
 */
class SeveralInstancesEndToEndTest {
    private static final String TOKEN = "123456789:AAE-several-instances-token-xyz";
    private static final String USER = System.getProperty("user.name");
    private static final String POSTGRES = System.getenv().getOrDefault("TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=" + USER + "&password=" + USER);
    private static final String SECRET = "several-instances-shared-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private FakeTelegramServer telegram;
    private final List<TelegramBot> bots = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private String schema;

    @AfterEach
    void stop() throws Exception {
        bots.forEach(TelegramBot::close);
        if (telegram != null) {
            telegram.close();
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private TelegramBot instance(String databaseUrl, int port) {
        return instance(databaseUrl, port, TestKnowledge.DIR);
    }

    private TelegramBot instance(String databaseUrl, int port, Path knowledge) {
        BotConfig config = BotConfig.fromEnvironment(Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl(),
                "AGENCY_CHAT_ID", "-1001234567890", "BOT_MODE", "webhook", "WEBHOOK_URL", "https://bot.example.com/telegram",
                "WEBHOOK_SECRET", SECRET, "PORT", String.valueOf(port), "DATABASE_URL", databaseUrl), knowledge, true);
        TelegramBot bot = new TelegramBot(config, new cmoadvisor.knowledge.KnowledgeLoader().load(knowledge), Clock.systemUTC());
        bots.add(bot);
        return bot;
    }

    private TelegramBot pollingInstance(String databaseUrl) {
        BotConfig config = BotConfig.fromEnvironment(Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl(),
                "AGENCY_CHAT_ID", "-1001234567890", "DATABASE_URL", databaseUrl), TestKnowledge.DIR, true);
        TelegramBot bot = new TelegramBot(config, TestKnowledge.knowledge(), Clock.systemUTC());
        bots.add(bot);
        return bot;
    }

    private String freshSchema() throws Exception {
        schema = "w_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
                Assumptions.abort("PostgreSQL is not reachable: " + e.getMessage());
            }
            throw e;
        }
        return POSTGRES + "&currentSchema=" + schema;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void pollingInstancesOnOnePostgres_electOnePoller_andAStandbyTakesOverWhenItStops() throws Exception {
        telegram = FakeTelegramServer.start(TOKEN);
        String url = freshSchema();
        TelegramBot first = pollingInstance(url);
        first.start();
        await(first::polling, "the first instance polls");
        TelegramBot second = pollingInstance(url);
        second.start();
        Thread.sleep(cmoadvisor.storage.PollerElection.CHECK_EVERY.toMillis() * 2);
        assertThat(second.polling()).as("a standby while the first polls").isFalse();

        telegram.userText(801, "Сколько стоит ретейнер?");
        telegram.awaitMessageTo(801, "2 000–5 000", WAIT);

        first.close();
        await(second::polling, "the standby takes over");
        telegram.userText(802, "Сколько стоит ретейнер?");
        telegram.awaitMessageTo(802, "2 000–5 000", WAIT);
        assertThat(telegram.sentMessages(801)).as("answered once").hasSize(1);
    }

    private int post(int port, int updateId, long chat, String text) throws Exception {
        String body = "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + updateId + ",\"date\":1764590000,"
                + "\"chat\":{\"id\":" + chat + ",\"type\":\"private\",\"first_name\":\"P\"},"
                + "\"from\":{\"id\":" + chat + ",\"is_bot\":false,\"first_name\":\"P\",\"language_code\":\"ru\"},"
                + "\"text\":\"" + text + "\"}}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram"))
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void twoWebhookInstancesOnOnePostgres_answerEachUpdateOnce_inEachChatsOrder_andOneCarriesOnWhenTheOtherStops() throws Exception {
        telegram = FakeTelegramServer.start(TOKEN);
        String url = freshSchema();
        int portA = freePort();
        int portB = freePort();
        TelegramBot a = instance(url, portA);
        TelegramBot b = instance(url, portB);
        a.start();
        b.start();

        // Each chat asks three things in a row; its updates go to one instance or the other, alternately.
        long[] chats = {701, 702, 703, 704};
        String[] questions = {"/start", "Сколько стоит ретейнер?", "/help"};
        int updateId = 1;
        for (int round = 0; round < questions.length; round++) {
            for (int i = 0; i < chats.length; i++) {
                // A chat's consecutive updates reach different instances.
                assertThat(post((round + i) % 2 == 0 ? portA : portB, updateId, chats[i], questions[round])).isEqualTo(200);
                updateId++;
            }
        }
        for (long chat : chats) {
            telegram.awaitMessageTo(chat, "/quiz", WAIT);
        }
        for (long chat : chats) {
            List<String> answers = telegram.sentMessages(chat).stream().map(m -> m.path("text").asText()).toList();
            assertThat(answers).as("chat %d: each update answered once, in order", chat).hasSize(3);
            assertThat(answers.get(1)).contains("2 000–5 000");
            assertThat(answers.get(2)).contains("/quiz");
        }

        // One instance stops; what reaches the other is answered.
        a.close();
        assertThat(post(portB, 100, 705, "Сколько стоит ретейнер?")).isEqualTo(200);
        telegram.awaitMessageTo(705, "2 000–5 000", WAIT);
        assertThat(telegram.requests("deleteWebhook")).isEmpty();
    }

    @Test
    void aKnowledgeChangeServedByOneInstance_reachesTheOtherWithinSeconds() throws Exception {
        telegram = FakeTelegramServer.start(TOKEN);
        String url = freshSchema();
        Path folderA = copyOfTheKnowledge("a");
        Path folderB = copyOfTheKnowledge("b");
        int portA = freePort();
        int portB = freePort();
        instance(url, portA, folderA).start();
        instance(url, portB, folderB).start();

        Path messages = folderA.resolve("messages.yaml");
        String yaml = java.nio.file.Files.readString(messages);
        int welcome = yaml.indexOf("\nwelcome:");
        int ru = yaml.indexOf("  ru: \"", welcome) + "  ru: \"".length();
        java.nio.file.Files.writeString(messages, yaml.substring(0, ru) + "МЕТКА-ВЕРСИИ " + yaml.substring(ru));

        // The change is A's (its folder); B serves it once it has switched to the version A stored.
        int updateId = 1;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (telegram.sentMessages(901).stream().noneMatch(m -> m.path("text").asText().contains("МЕТКА-ВЕРСИИ"))) {
            assertThat(System.nanoTime()).as("B switched to A's knowledge within " + WAIT).isLessThan(deadline);
            assertThat(post(portB, updateId, 901, "/start")).isEqualTo(200);
            updateId++;
            Thread.sleep(1000);
        }
        assertThat(java.nio.file.Files.readString(folderB.resolve("messages.yaml"))).contains("МЕТКА-ВЕРСИИ");
    }

    private Path copyOfTheKnowledge(String name) throws Exception {
        Path target = dir.resolve(name);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(TestKnowledge.DIR)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(TestKnowledge.DIR.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(file, to);
                }
            }
        }
        return target;
    }

    @Test
    void aSecondProcessOnTheSameSqliteFile_refusesToStart_sayingWhy() throws Exception {
        telegram = FakeTelegramServer.start(TOKEN);
        String url = "jdbc:sqlite:" + dir.resolve("bot.db");
        instance(url, freePort());
        assertThatThrownBy(() -> instance(url, freePort()))
                .hasMessageContaining("another cmo-advisor process is using the database")
                .hasMessageContaining("PostgreSQL");
    }
}
