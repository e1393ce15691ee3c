package cmoadvisor.telegram;

import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot's real wiring — TelegramBots' client and long-polling poller, the update log, the engine, the
 * outbox, SQLite — against a stand-in Bot API server on 127.0.0.1, scripted like MockWebServer: queue
 * updates, let the bot work, check the requests it made.
 */
class TelegramBotEndToEndTest {
    private static final String TOKEN = "123456789:AAE-end-to-end-test-token-xyz";
    private static final long AGENCY = -1001234567890L;
    private static final long USER = 501;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private FakeTelegramServer telegram;
    private TelegramBot bot;

    @BeforeEach
    void start() {
        telegram = FakeTelegramServer.start(TOKEN);
        bot = startBot();
    }

    private TelegramBot startBot() {
        BotConfig config = BotConfig.fromEnvironment(Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN,
                "TELEGRAM_API_URL", telegram.baseUrl(),
                "AGENCY_CHAT_ID", String.valueOf(AGENCY),
                "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db")), TestKnowledge.DIR, true);
        TelegramBot started = new TelegramBot(config, TestKnowledge.knowledge(), Clock.systemUTC());
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        telegram.close();
        assertThat(telegram.requests("sendMessage")).as("every message Telegram got was valid")
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isNotEqualTo(400));
    }

    @Test
    void start_withAPayload_greetsWithTheMenu_andTheCommandsAreRegisteredPerLanguage() {
        telegram.userText(USER, "/start fb_ads");
        FakeTelegramServer.Request greeting = telegram.awaitMessageTo(USER, "Здравствуйте", WAIT);
        assertThat(greeting.params().path("parse_mode").asText()).isEqualToIgnoringCase("HTML");
        assertThat(buttonIds(greeting)).containsExactly("menu:ask", "menu:quiz", "menu:prices", "menu:human");
        List<FakeTelegramServer.Request> commands = telegram.awaitRequests("setMyCommands", 4, WAIT);
        assertThat(commands).extracting(r -> r.params().path("language_code").asText(""))
                .contains("", "ky", "ru", "en");
    }

    @Test
    void aQuestion_isAnsweredFromTheKnowledge() {
        telegram.userText(USER, "Сколько стоит ретейнер в месяц?");
        telegram.awaitMessageTo(USER, "$2 000–5 000", WAIT);
    }

    @Test
    void answersThatWaitForTheirTurn_showTyping_andAnAnswerReadyAtOnceDoesNot() {
        telegram.userText(USER, "Сколько стоит ретейнер в месяц?");
        telegram.awaitMessageTo(USER, "$2 000–5 000", WAIT);
        // Telegram allows about one message a second to a private chat, after a burst of three.
        for (int i = 0; i < 6; i++) {
            telegram.userText(USER, i % 2 == 0 ? "Сколько стоит час работы CMO?" : "Сколько стоит ретейнер в месяц?");
        }
        telegram.awaitRequest("sendChatAction", r -> r.chatId() == USER, WAIT);
        telegram.awaitRequests("sendMessage", 7, WAIT);
        assertThat(telegram.requests("sendChatAction").stream().filter(r -> r.chatId() == USER).count())
                .as("once per wait of about 5 s, not per message").isBetween(1L, 2L);
    }

    @Test
    void theWholeQuiz_withButtons_endsWithTheAdvice() {
        telegram.userText(USER, "/quiz");
        long question = telegram.awaitMessageTo(USER, "1/5", WAIT).messageId();
        String[] ids = {"quiz:revenue:yes", "quiz:chaos:yes", "quiz:strategy:yes", "quiz:leader:no", "quiz:growth:yes"};
        for (int i = 0; i < ids.length; i++) {
            telegram.callback(USER, USER, question, ids[i]);
            String expected = i + 2 <= 5 ? (i + 2) + "/5" : "4 из 5";
            question = telegram.awaitMessageTo(USER, i + 1 < ids.length ? expected : "Рекомендация", WAIT).messageId();
        }
        telegram.awaitMessageTo(USER, "Хотите обсудить", WAIT);
        assertThat(telegram.awaitRequests("answerCallbackQuery", 5, WAIT)).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void sharingTheContact_makesALeadCard_andTheAgencyAndTheProspectTalkThroughTheBot() {
        telegram.userText(USER, "/human");
        FakeTelegramServer.Request askPhone = telegram.awaitMessageTo(USER, "номер", WAIT);
        assertThat(askPhone.params().path("reply_markup").path("keyboard").get(0).get(0).path("request_contact").asBoolean()).isTrue();
        telegram.userContact(USER, "+996555123456");
        telegram.awaitMessageTo(USER, "Как к вам обращаться", WAIT);
        telegram.userText(USER, "Асель <Admin>");
        long companyQuestion = telegram.awaitMessageTo(USER, "компании", WAIT).messageId();
        telegram.callback(USER, USER, companyQuestion, "lead:skip");
        long consent = telegram.awaitMessageTo(USER, "связаться", WAIT).messageId();
        telegram.callback(USER, USER, consent, "lead:agree");
        telegram.awaitMessageTo(USER, "Спасибо", WAIT);

        FakeTelegramServer.Request card = telegram.awaitMessageTo(AGENCY, "Лид №1", WAIT);
        assertThat(card.text()).contains("Асель &lt;Admin&gt;", "@user501", "+996555123456");
        assertThat(buttonIds(card)).containsExactly("desk:take:1", "desk:done:1", "desk:history:1");

        telegram.userText(USER, "Когда вы позвоните?");
        FakeTelegramServer.Request relayed = telegram.awaitMessageTo(AGENCY, "Когда вы позвоните?", WAIT);

        telegram.groupReply(AGENCY, 900, "manager_aida", relayed.messageId(), "Сегодня до 18:00 & без опозданий");
        telegram.awaitMessageTo(USER, "<b>User900 (менеджер):</b> Сегодня до 18:00 &amp; без опозданий", WAIT);

        telegram.callback(900, AGENCY, card.messageId(), "desk:done:1");
        telegram.awaitMessageTo(AGENCY, "закрыл @user900", WAIT);
        FakeTelegramServer.Request edit = telegram.awaitRequest("editMessageText",
                r -> r.params().path("message_id").asLong() == card.messageId() && r.params().path("text").asText().contains("закрыл"), WAIT);
        assertThat(edit.params().path("text").asText()).contains("Лид №1", "Статус: закрыл @user900");
        assertThat(edit.params().path("reply_markup").path("inline_keyboard").toString()).as("only the conversation is left")
                .contains("desk:history:1").doesNotContain("desk:take", "desk:done", "desk:release");
        telegram.awaitMessageTo(USER, "снова отвечаю", WAIT);
    }

    @Test
    void aRestartInTheMiddleOfTheQuiz_resumesAtTheSameQuestion() {
        telegram.userText(USER, "/quiz");
        long question = telegram.awaitMessageTo(USER, "1/5", WAIT).messageId();
        telegram.callback(USER, USER, question, "quiz:revenue:no");
        question = telegram.awaitMessageTo(USER, "2/5", WAIT).messageId();

        bot.close();
        bot = startBot();

        telegram.callback(USER, USER, question, "quiz:chaos:yes");
        telegram.awaitMessageTo(USER, "3/5", WAIT);
    }

    @Test
    void anUpdateStoredButNotProcessedBeforeAStop_isAnsweredAfterTheRestart() {
        bot.close();
        bot = null;
        telegram.userText(USER, "Что такое fractional CMO?");
        bot = startBot();
        telegram.awaitMessageTo(USER, "2–4", WAIT);
    }

    @Test
    void aRateLimitedMessage_isSentAgainAfterRetryAfter_exactlyOnce() {
        telegram.failNext("sendMessage", 429, "Too Many Requests: retry after 1", 1);
        telegram.userText(USER, "Сколько стоит час работы CMO?");
        telegram.awaitMessageTo(USER, "$50–150", WAIT);
        assertThat(telegram.requests("sendMessage")).filteredOn(r -> r.text().contains("$50–150"))
                .extracting(FakeTelegramServer.Request::status).containsExactly(429, 200);
    }

    @Test
    void whileTelegramIsUnreachable_nothingIsLost_andPollingResumes() {
        telegram.awaitPolling(WAIT);
        telegram.setUnavailable(true);
        telegram.userText(USER, "Консультант менен тышкы CMO бирдейби?");
        sleep(Duration.ofMillis(1500));
        telegram.setUnavailable(false);
        telegram.awaitMessageTo(USER, "консультант", WAIT);
    }

    private static List<String> buttonIds(FakeTelegramServer.Request message) {
        JsonNode rows = message.params().path("reply_markup").path("inline_keyboard");
        List<String> ids = new java.util.ArrayList<>();
        rows.forEach(row -> row.forEach(button -> ids.add(button.path("callback_data").asText())));
        return ids;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
