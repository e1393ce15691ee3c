package cmoadvisor.telegram;

import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook mode through the real wiring: Telegram's side is the stand-in Bot API (setWebhook recorded), and
 * the test POSTs updates to the bot as Telegram would, with and without the secret.
 */
class WebhookEndToEndTest {
    private static final String TOKEN = "123456789:AAE-webhook-end-to-end-token-xyz";
    private static final long PROSPECT = 501;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private FakeTelegramServer telegram;
    private TelegramBot bot;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeEach
    void start() throws Exception {
        telegram = FakeTelegramServer.start(TOKEN);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        BotConfig config = BotConfig.fromEnvironment(Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl(),
                "AGENCY_CHAT_ID", "-1001234567890", "BOT_MODE", "webhook", "WEBHOOK_URL", base + "/telegram",
                "PORT", String.valueOf(port), "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db")), TestKnowledge.DIR, true);
        bot = new TelegramBot(config, TestKnowledge.knowledge(), Clock.systemUTC());
        bot.start();
    }

    @AfterEach
    void stop() {
        bot.close();
        telegram.close();
    }

    private static String textUpdate(int updateId, String text) {
        return "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + updateId + ",\"date\":1764590000,"
                + "\"chat\":{\"id\":" + PROSPECT + ",\"type\":\"private\",\"first_name\":\"Асель\"},"
                + "\"from\":{\"id\":" + PROSPECT + ",\"is_bot\":false,\"first_name\":\"Асель\",\"language_code\":\"ru\"},"
                + "\"text\":\"" + text + "\"}}";
    }

    private HttpResponse<String> post(String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/telegram"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webhook_registersItsSecret_refusesRequestsWithoutIt_storesEachUpdateOnce_andAnswers() throws Exception {
        FakeTelegramServer.Request registered = telegram.awaitRequest("setWebhook", FakeTelegramServer.Request::ok, WAIT);
        assertThat(registered.params().path("url").asText()).isEqualTo(base + "/telegram");
        String secret = registered.params().path("secret_token").asText();
        assertThat(secret).as("made and kept in the database").hasSize(64);

        assertThat(post(textUpdate(1, "Без секрета"), null).statusCode()).isEqualTo(401);
        assertThat(post(textUpdate(2, "С чужим секретом"), "x".repeat(64)).statusCode()).isEqualTo(403);

        assertThat(post(textUpdate(3, "Сколько стоит ретейнер?"), secret).statusCode()).isEqualTo(200);
        telegram.awaitMessageTo(PROSPECT, "$2 000–5 000", WAIT);
        assertThat(post(textUpdate(3, "Сколько стоит ретейнер?"), secret).statusCode()).as("Telegram's retry").isEqualTo(200);
        assertThat(post(textUpdate(4, "/help"), secret).statusCode()).isEqualTo(200);
        telegram.awaitMessageTo(PROSPECT, "/quiz", WAIT);

        assertThat(telegram.sentMessages(PROSPECT)).as("one answer per update; nothing for the refused ones").hasSize(2);
        assertThat(telegram.requests("getUpdates")).as("a webhook bot never polls").isEmpty();

        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("cmo_updates_received_total 3.0", "cmo_outbox_waiting", "cmo_questions_answered_total 1.0",
                "cmo_deliveries_total{outcome=\"sent\"}");
        assertThat(post("not json", secret).statusCode()).isEqualTo(400);

        bot.close();
        assertThat(telegram.requests("deleteWebhook")).as("the others may still serve it").isEmpty();
    }
}
