package cmoadvisor.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a host runs it, `java -jar target/cmo-advisor.jar`, configured only through the
 * environment, against the stand-in Bot API server.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target/cmo-advisor.jar");
    private static final String TOKEN = "123456789:AAE-packaged-jar-test-token";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(false)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.equals("AGENCY_CHAT_ID")
                || k.equals("DATABASE_URL") || k.equals("KNOWLEDGE_DIR") || k.equals("BOT_MODE") || k.startsWith("WEBHOOK_") || k.equals("PORT"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    @Test
    void theJar_runsTheBot_fromTheEnvironment_andStopsCleanlyOnSigterm() throws Exception {
        try (FakeTelegramServer telegram = FakeTelegramServer.start(TOKEN)) {
            Process bot = start(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl(),
                    "AGENCY_CHAT_ID", "-1001", "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db")));
            telegram.userText(777, "/start jar_test");
            telegram.awaitMessageTo(777, "Здравствуйте", WAIT);
            telegram.userText(777, "What does a retainer cost per month?");
            telegram.awaitMessageTo(777, "$2 000–5 000", WAIT);

            bot.destroy();
            assertThat(bot.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(bot.exitValue()).isIn(0, 143);
        }
    }

    @Test
    void theJarsWarmUp_startsTheBotAgainstALocalBotApi_answers_andEndsByItself() throws Exception {
        Process warmUp = start(Map.of(), "warm-up");
        // It must end on its own: a thread left behind (OkHttp's) once kept the JVM alive for a minute.
        assertThat(warmUp.waitFor(50, TimeUnit.SECONDS)).as("ended by itself").isTrue();
        assertThat(warmUp.exitValue()).isZero();
        assertThat(java.nio.file.Files.readString(dir.resolve("out.txt"))).contains("answered 4 messages");
        assertThat(java.nio.file.Files.readString(dir.resolve("err.txt"))).doesNotContain("ERROR");
    }

    @Test
    void theJarsWebCommand_servesTheWebhook_withTheSecret_healthAndMetrics_andNeverPolls() throws Exception {
        try (FakeTelegramServer telegram = FakeTelegramServer.start(TOKEN)) {
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                port = free.getLocalPort();
            }
            String secret = "packaged-jar-webhook-secret";
            Process bot = start(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl(),
                    "AGENCY_CHAT_ID", "-1001", "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db"),
                    "WEBHOOK_URL", "https://bot.example.com/hook", "WEBHOOK_SECRET", secret, "PORT", String.valueOf(port)), "web");
            FakeTelegramServer.Request registered = telegram.awaitRequest("setWebhook", FakeTelegramServer.Request::ok, WAIT);
            assertThat(registered.params().path("secret_token").asText()).isEqualTo(secret);

            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String update = "{\"update_id\":10,\"message\":{\"message_id\":1,\"date\":1764590000,"
                    + "\"chat\":{\"id\":777,\"type\":\"private\",\"first_name\":\"A\"},"
                    + "\"from\":{\"id\":777,\"is_bot\":false,\"first_name\":\"A\"},\"text\":\"What does a retainer cost per month?\"}}";
            java.util.function.Function<String, Integer> post = given -> {
                java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/hook")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(update));
                if (given != null) {
                    request.header("X-Telegram-Bot-Api-Secret-Token", given);
                }
                try {
                    return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(post.apply(null)).isEqualTo(401);
            assertThat(post.apply("wrong-secret-wrong-secret")).isEqualTo(403);
            assertThat(post.apply(secret)).isEqualTo(200);
            assertThat(post.apply(secret)).as("Telegram's retry of the same update").isEqualTo(200);
            telegram.awaitMessageTo(777, "$2 000–5 000", WAIT);
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("cmo_updates_received_total", "cmo_outbox_waiting");
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            bot.destroy();
            assertThat(bot.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(telegram.sentMessages(777)).as("the repeated update answered once").hasSize(1);
            assertThat(telegram.requests("getUpdates")).isEmpty();
            assertThat(telegram.requests("deleteWebhook")).isEmpty();
        }
    }

    @Test
    void theJar_withATokenTelegramRefuses_stopsAtStart_sayingTheTokenIsWrong() throws Exception {
        try (FakeTelegramServer telegram = FakeTelegramServer.start(TOKEN)) {
            Process bot = start(Map.of("TELEGRAM_BOT_TOKEN", "987654321:AAE-a-token-telegram-does-not-know",
                    "TELEGRAM_API_URL", telegram.baseUrl(), "AGENCY_CHAT_ID", "-1001",
                    "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db")));
            assertThat(bot.waitFor(30, TimeUnit.SECONDS)).as("the bot stops by itself").isTrue();
            assertThat(bot.exitValue()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8))
                    .contains("TELEGRAM_BOT_TOKEN is wrong", "401")
                    .doesNotContain("already registered");
            assertThat(telegram.requests("getMe")).as("asked once, not retried").hasSize(1);
            assertThat(telegram.requests("getUpdates")).isEmpty();
        }
    }

    @Test
    void theJar_withoutAToken_namesTheMissingVariables() throws Exception {
        Process bot = start(Map.of());
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bot.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8))
                .contains("TELEGRAM_BOT_TOKEN is not set").contains("AGENCY_CHAT_ID is not set").contains("chat");
    }

    @Test
    void ask_printsOneJsonLinePerQuestion() throws Exception {
        Process ask = start(Map.of(), "ask");
        ask.getOutputStream().write("Ретейнер канча турат?\nHow do I fix my car?\n".getBytes(StandardCharsets.UTF_8));
        ask.getOutputStream().close();
        assertThat(ask.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("answered").asBoolean()).isTrue();
        assertThat(first.get("text").asText()).contains("$2 000–5 000");
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("answered").asBoolean()).isFalse();
    }
}
