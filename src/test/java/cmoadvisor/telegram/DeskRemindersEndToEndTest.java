package cmoadvisor.telegram;

import cmoadvisor.MutableClock;
import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Working hours, reminders and forum topics through the real wiring (SQLite, outbox, sender) against the
 * stand-in Bot API, with a clock the test moves instead of waiting. knowledge/desk.yaml as shipped: Mon–Fri
 * 09:00–18:00 Asia/Bishkek; a lead nobody took is announced again after 30 working minutes, the admins get
 * it 60 later.
 */
class DeskRemindersEndToEndTest {
    private static final String TOKEN = "123456789:AAE-desk-reminders-token-xyz";
    private static final long AGENCY = -1001234567890L;
    private static final long PROSPECT = 501;
    private static final long ADMIN = 42;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Thursday 10:00 in Bishkek. */
    private static final Instant THURSDAY_MORNING = Instant.parse("2026-11-26T04:00:00Z");

    @TempDir
    Path dir;
    private FakeTelegramServer telegram;
    private TelegramBot bot;
    private MutableClock clock;

    private void start(Instant at) {
        clock = new MutableClock(at);
        telegram = FakeTelegramServer.start(TOKEN);
        BotConfig config = BotConfig.fromEnvironment(Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl(),
                "AGENCY_CHAT_ID", String.valueOf(AGENCY), "AGENCY_LANGUAGE", "ru", "ADMIN_IDS", String.valueOf(ADMIN),
                "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db")), TestKnowledge.DIR, true);
        bot = new TelegramBot(config, TestKnowledge.knowledge(), clock);
        bot.start();
        telegram.awaitPolling(WAIT);
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (telegram != null) {
            telegram.close();
        }
    }

    private void leaveALead() {
        telegram.userText(PROSPECT, "Асель", "asel_kg", "/human");
        telegram.awaitMessageTo(PROSPECT, "номер", WAIT);
        telegram.userContact(PROSPECT, "+996555123456");
        telegram.awaitMessageTo(PROSPECT, "Как к вам обращаться", WAIT);
        telegram.userText(PROSPECT, "Асель", "asel_kg", "Асель");
        long company = telegram.awaitMessageTo(PROSPECT, "компании", WAIT).messageId();
        telegram.callback(PROSPECT, PROSPECT, company, "lead:skip");
        long consent = telegram.awaitMessageTo(PROSPECT, "связаться", WAIT).messageId();
        telegram.callback(PROSPECT, PROSPECT, consent, "lead:agree");
    }

    /** A prospect leaves a lead and manager 900 takes it; returns its card. */
    private FakeTelegramServer.Request aLeadTakenByAManager() {
        leaveALead();
        FakeTelegramServer.Request card = telegram.awaitMessageTo(AGENCY, "Лид №1", WAIT);
        telegram.callback(900, AGENCY, card.messageId(), "desk:take:1");
        telegram.awaitMessageTo(AGENCY, "взял @user900", WAIT);
        return card;
    }

    /** Moves the clock a step at a time (the sender looks at it every second) until the message is sent. */
    private FakeTelegramServer.Request awaitWhileTheClockRuns(long chatId, String fragment, Duration step, int steps)
            throws InterruptedException {
        for (int i = 0; i < steps; i++) {
            java.util.Optional<FakeTelegramServer.Request> found = telegram.requests("sendMessage").stream()
                    .filter(r -> r.ok() && r.chatId() == chatId && telegram.readableText(r).contains(fragment)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            clock.advance(step);
            Thread.sleep(300);
        }
        return telegram.awaitMessageTo(chatId, fragment, WAIT);
    }

    @Test
    void aLeadNobodyTakes_isAnnouncedAgainInTheGroup_thenGoesToTheAdmins_once() throws Exception {
        start(THURSDAY_MORNING);
        leaveALead();
        telegram.awaitMessageTo(PROSPECT, "в течение рабочего дня", WAIT);
        telegram.awaitMessageTo(AGENCY, "Лид №1", WAIT);

        clock.advance(Duration.ofMinutes(29));
        Thread.sleep(1500);
        assertThat(telegram.sentMessages(AGENCY)).as("not before 30 working minutes")
                .noneSatisfy(m -> assertThat(m.toString()).contains("рабочих минут никто не взял"));
        awaitWhileTheClockRuns(AGENCY, "30 рабочих минут никто не взял", Duration.ofMinutes(1), 20);
        FakeTelegramServer.Request toAdmin = awaitWhileTheClockRuns(ADMIN, "никто не взял в группе", Duration.ofMinutes(5), 30);
        assertThat(telegram.readableText(toAdmin)).contains("Лид №1", "90 рабочих минут").doesNotContain("+996", "Асель");

        clock.advance(Duration.ofHours(6));
        Thread.sleep(1500);
        assertThat(telegram.requests("sendMessage")).as("each reminder once")
                .filteredOn(r -> r.ok() && telegram.readableText(r).contains("рабочих минут никто не взял")).hasSize(2);
    }

    @Test
    void aLeadLeftOnSaturday_isToldWhenTheAgencyOpens_andRemindedOnlyOnMonday() throws Exception {
        start(Instant.parse("2026-11-28T06:00:00Z"));
        leaveALead();
        telegram.awaitMessageTo(PROSPECT, "понедельник, 09:00 (Asia/Bishkek)", WAIT);
        clock.advance(Duration.ofHours(40));
        Thread.sleep(1500);
        assertThat(telegram.sentMessages(AGENCY)).as("Sunday night: not yet")
                .noneSatisfy(m -> assertThat(m.toString()).contains("рабочих минут никто не взял"));
        // Monday 09:30 in Bishkek is 2026-11-30T03:30Z: 45.5 h after the start.
        awaitWhileTheClockRuns(AGENCY, "рабочих минут никто не взял", Duration.ofMinutes(10), 60);
        assertThat(clock.instant()).isAfterOrEqualTo(Instant.parse("2026-11-30T03:30:00Z"));
    }

    @Test
    void inAForum_eachLeadHasItsTopic_andAManagersMessageThereReachesTheProspect() throws Exception {
        start(THURSDAY_MORNING);
        telegram.makeForum(AGENCY);
        leaveALead();
        FakeTelegramServer.Request card = telegram.awaitMessageTo(AGENCY, "Лид №1", WAIT);
        assertThat(telegram.topicNames(AGENCY)).containsExactly("№1 · Асель");
        long thread = card.threadId();
        assertThat(thread).as("the card is in the lead's topic").isPositive();

        telegram.userText(PROSPECT, "Асель", "asel_kg", "Когда позвоните?");
        FakeTelegramServer.Request relayed = telegram.awaitMessageTo(AGENCY, "Когда позвоните?", WAIT);
        assertThat(relayed.threadId()).isEqualTo(thread);

        telegram.groupTopicMessage(AGENCY, 900, "manager_aida", thread, "Сегодня в 15:00");
        telegram.awaitMessageTo(PROSPECT, "Сегодня в 15:00", WAIT);
        FakeTelegramServer.Request taken = telegram.awaitRequest("editMessageText",
                r -> r.params().path("message_id").asLong() == card.messageId(), WAIT);
        assertThat(taken.params().path("text").asText()).contains("взял @manager_aida");
    }

    @Test
    void withoutTopics_theLeadStaysInTheChat_andTopicTalkIsNotSentAnywhere() {
        start(THURSDAY_MORNING);
        leaveALead();
        FakeTelegramServer.Request card = telegram.awaitMessageTo(AGENCY, "Лид №1", WAIT);
        assertThat(card.threadId()).isZero();
        assertThat(telegram.requests("createForumTopic")).singleElement().satisfies(r -> assertThat(r.ok()).isFalse());
    }

    @Test
    void aProspectNobodyAnswers_stillReachesTheGroup_whichIsRemindedOnce_andTheBotAnswersAfterTheQuietPeriod() throws Exception {
        start(THURSDAY_MORNING);
        FakeTelegramServer.Request card = aLeadTakenByAManager();

        telegram.userText(PROSPECT, "Асель", "asel_kg", "Когда позвоните?");
        telegram.awaitMessageTo(AGENCY, "Когда позвоните?", WAIT);
        awaitWhileTheClockRuns(AGENCY, "ждёт ответа уже 60 рабочих минут", Duration.ofMinutes(5), 30);

        clock.advance(Duration.ofMinutes(10));
        telegram.userText(PROSPECT, "Асель", "asel_kg", "Сколько стоит ретейнер?");
        telegram.awaitMessageTo(PROSPECT, "$2 000–5 000", WAIT);
        telegram.awaitMessageTo(AGENCY, "Сколько стоит ретейнер?", WAIT);
        clock.advance(Duration.ofHours(3));
        Thread.sleep(1500);
        assertThat(telegram.requests("sendMessage")).as("one reminder for the unanswered stretch")
                .filteredOn(r -> r.ok() && telegram.readableText(r).contains("ждёт ответа уже")).hasSize(1);
    }

    @Test
    void afterDone_aProspectsMessageWithin14Days_opensTheLeadAgain_andReachesTheGroup() throws Exception {
        start(THURSDAY_MORNING);
        FakeTelegramServer.Request card = aLeadTakenByAManager();
        telegram.callback(900, AGENCY, card.messageId(), "desk:done:1");
        telegram.awaitMessageTo(PROSPECT, "снова отвечаю", WAIT);

        clock.advance(Duration.ofDays(3));
        telegram.userText(PROSPECT, "Асель", "asel_kg", "Мы решили начать в январе, как договоримся о созвоне?");
        telegram.awaitMessageTo(AGENCY, "Лид №1 снова открыт: @asel_kg написал снова", WAIT);
        telegram.awaitMessageTo(AGENCY, "начать в январе", WAIT);
        FakeTelegramServer.Request reopened = telegram.awaitRequest("editMessageText",
                r -> r.params().path("message_id").asLong() == card.messageId() && r.params().path("text").asText().contains("Снова открыт"), WAIT);
        assertThat(reopened.params().path("text").asText()).contains("взял @user900");

        telegram.groupReply(AGENCY, 900, "user900", card.messageId(), "Давайте в понедельник");
        telegram.awaitMessageTo(PROSPECT, "Давайте в понедельник", WAIT);
    }
}
