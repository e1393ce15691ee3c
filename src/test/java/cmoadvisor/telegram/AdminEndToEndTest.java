package cmoadvisor.telegram;

import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import cmoadvisor.knowledge.KnowledgeLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Admins keep the knowledge current and read the figures while the bot runs, through the real wiring. */
class AdminEndToEndTest {
    private static final String TOKEN = "123456789:AAE-admin-end-to-end-token-xyz";
    private static final long AGENCY = -1001234567890L;
    private static final long ADMIN = 42;
    private static final long PROSPECT = 501;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Path knowledge;
    private FakeTelegramServer telegram;
    private TelegramBot bot;

    @BeforeEach
    void start() {
        knowledge = dir.resolve("knowledge");
        TestKnowledge.copyTo(knowledge);
        telegram = FakeTelegramServer.start(TOKEN);
        startBot();
    }

    private void startBot() {
        BotConfig config = BotConfig.fromEnvironment(Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl(),
                "AGENCY_CHAT_ID", String.valueOf(AGENCY), "ADMIN_IDS", String.valueOf(ADMIN),
                "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db")), knowledge, true);
        bot = new TelegramBot(config, new KnowledgeLoader().load(knowledge), Clock.systemUTC());
        bot.start();
        telegram.awaitPolling(WAIT);
    }

    @AfterEach
    void stop() {
        bot.close();
        telegram.close();
    }

    private Path file(String relative) {
        return knowledge.resolve(relative);
    }

    @Test
    void anEditOnDisk_isServedWithoutARestart_andTheAdminsAreTold() throws IOException {
        Path retainer = file("ru/retainer-model.md");
        Files.writeString(retainer, Files.readString(retainer).replace("постоянная коммуникация", "еженедельные созвоны"));
        telegram.awaitMessageTo(ADMIN, "retainer-model", WAIT);
        telegram.userText(PROSPECT, "Какие минусы у ретейнера?");
        telegram.awaitMessageTo(PROSPECT, "еженедельные созвоны", WAIT);
    }

    @Test
    void aBrokenEdit_isRefused_withTheErrorSentToTheAdmin_andTheOldAnswersStay() throws IOException {
        Files.writeString(file("ru/retainer-model.md"), "---\nid: retainer-model\ntitle: Ретейнер\n");
        FakeTelegramServer.Request refusal = telegram.awaitMessageTo(ADMIN, "отклонено", WAIT);
        // In the admins' language, the file named as it is in the folder.
        assertThat(refusal.text()).contains(Path.of("ru", "retainer-model.md") + ":1: заголовок темы, открытый здесь, не закрыт")
                .doesNotContain(knowledge.toString());
        telegram.userText(PROSPECT, "Какие минусы у ретейнера?");
        telegram.awaitMessageTo(PROSPECT, "постоянная коммуникация", WAIT);
    }

    @Test
    void anUploadedFile_isValidated_saved_andServed() throws IOException {
        String edited = Files.readString(file("en/hourly-model.md")).replace("low entry threshold", "low threshold to start");
        telegram.userDocument(ADMIN, "hourly-model.en.md", edited.getBytes(StandardCharsets.UTF_8));
        FakeTelegramServer.Request reply = telegram.awaitMessageTo(ADMIN, "применены", WAIT);
        assertThat(reply.text()).contains("hourly-model");
        assertThat(Files.readString(file("en/hourly-model.md"))).isEqualTo(edited);
        try (Stream<Path> backups = Files.walk(file(".backup"))) {
            assertThat(backups.filter(Files::isRegularFile)).hasSize(1);
        }
        telegram.userText(PROSPECT, "What are the pros of the hourly model?");
        telegram.awaitMessageTo(PROSPECT, "low threshold to start", WAIT);
    }

    @Test
    void aBrokenTopicUpload_isRefused_namingTheFileAsTheAdminKnowsIt_neverTheScratchCopy() {
        telegram.userDocument(ADMIN, "retainer-model.ru.md",
                "---\nid: retainer-model\ntitle: T\nquestions: [q]\nfoo: bar\n---\nТекст\n".getBytes(StandardCharsets.UTF_8));
        FakeTelegramServer.Request refusal = telegram.awaitMessageTo(ADMIN, "отклонено", WAIT);
        assertThat(refusal.text()).contains(Path.of("ru", "retainer-model.md") + ":5: неизвестное поле 'foo'")
                .doesNotContain("knowledge-check", System.getProperty("java.io.tmpdir"), knowledge.toString());
    }

    @Test
    void aTopicUploadedInRussianOnly_isServedInEveryLanguage_andTheAdminIsToldWhichLanguagesItLacks() {
        telegram.userDocument(ADMIN, "tiktok-ads.ru.md", TestKnowledge.RUSSIAN_ONLY_TOPIC.getBytes(StandardCharsets.UTF_8));
        FakeTelegramServer.Request reply = telegram.awaitMessageTo(ADMIN, "применены", WAIT);
        assertThat(reply.text()).contains("tiktok-ads", "Недостающие языки", "• tiktok-ads: ky, en");
        telegram.userTextInLanguage(PROSPECT, "ky", "TikTok жарнамасын жүргүзөсүздөрбү?");
        telegram.awaitMessageTo(PROSPECT, "Реклама в TikTok", WAIT);
    }

    @Test
    void anUploadInterruptedByARestart_isCarriedOutAfterIt() throws IOException {
        String edited = Files.readString(file("en/hourly-model.md")).replace("low entry threshold", "low threshold to start");
        FakeTelegramServer.Hold download = telegram.hold("file", 0);
        telegram.userDocument(ADMIN, "hourly-model.en.md", edited.getBytes(StandardCharsets.UTF_8));
        download.awaitHeldCall(WAIT);

        bot.close();
        download.release();
        startBot();

        FakeTelegramServer.Request reply = telegram.awaitMessageTo(ADMIN, "применены", WAIT);
        assertThat(reply.text()).contains("hourly-model");
        assertThat(Files.readString(file("en/hourly-model.md"))).isEqualTo(edited);
    }

    @Test
    void aBrokenUpload_isRefused_andNothingIsWritten() throws IOException {
        String before = Files.readString(file("quiz.yaml"));
        telegram.userDocument(ADMIN, "quiz.yaml", "questions: []\n".getBytes(StandardCharsets.UTF_8));
        telegram.awaitMessageTo(ADMIN, "отклонено", WAIT);
        assertThat(Files.readString(file("quiz.yaml"))).isEqualTo(before);
    }

    @Test
    void statsGapsAndLeads_reachTheAdmin() throws IOException {
        telegram.userText(PROSPECT, "/start fb_ads");
        telegram.awaitMessageTo(PROSPECT, "Здравствуйте", WAIT);
        telegram.userText(PROSPECT, "Как приготовить плов?");
        telegram.awaitMessageTo(PROSPECT, "Извините", WAIT);

        telegram.userText(ADMIN, "/stats 7");
        FakeTelegramServer.Request stats = telegram.awaitMessageTo(ADMIN, "Воронка за последние 7 дн.", WAIT);
        assertThat(stats.text()).contains("fb_ads", "начали: <b>1</b>");
        // The picture follows the text, as a photo that Telegram shows inline.
        FakeTelegramServer.Request photo = telegram.awaitPhotoTo(ADMIN, WAIT);
        assertThat(photo.messageId()).isGreaterThan(stats.messageId());
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(photo.uploadedPhoto().content()));
        assertThat(picture.getWidth()).isEqualTo(1000);
        assertThat(picture.getHeight()).isEqualTo(900);
        assertThat(photo.uploadedPhoto().fileName()).endsWith(".png");
        telegram.userText(ADMIN, "/gaps");
        telegram.awaitMessageTo(ADMIN, "как приготовить плов?", WAIT);
        telegram.userText(ADMIN, "/leads");
        FakeTelegramServer.Request document = telegram.awaitDocumentTo(ADMIN, WAIT);
        assertThat(document.uploadedDocument().fileName()).endsWith(".csv");
        assertThat(document.uploadedDocument().content()).startsWith(0xEF, 0xBB, 0xBF);
    }

    @Test
    void anyoneElse_getsTheOrdinaryReplies_andChangesNothing() throws IOException {
        String before = Files.readString(file("quiz.yaml"));
        for (String command : new String[] {"/reload", "/stats", "/gaps", "/leads"}) {
            telegram.userText(PROSPECT, command);
            telegram.awaitMessageTo(PROSPECT, "/quiz", WAIT);
        }
        telegram.userDocument(PROSPECT, "quiz.yaml", "questions: []\n".getBytes(StandardCharsets.UTF_8));
        telegram.awaitMessageTo(PROSPECT, "текст", WAIT);
        assertThat(telegram.sentMessages(PROSPECT)).noneSatisfy(m -> assertThat(m.path("text").asText())
                .containsAnyOf("Воронка", "отклонено", "применены", "Лидов"));
        assertThat(telegram.sentDocuments(PROSPECT)).isEmpty();
        assertThat(telegram.requests("sendPhoto")).isEmpty();
        assertThat(telegram.requests("file")).isEmpty();
        assertThat(Files.readString(file("quiz.yaml"))).isEqualTo(before);
    }
}
