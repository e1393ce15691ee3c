package cmoadvisor.telegram;

import cmoadvisor.MutableClock;
import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults a running bot meets (issue 8), each through the real wiring — TelegramBots' client and poller,
 * the update log, the engine, the outbox, SQLite — against the stand-in Bot API, with a clock the test moves.
 */
class FaultsEndToEndTest {
    private static final String TOKEN = "123456789:AAE-faults-end-to-end-token-xyz";
    private static final long AGENCY = -1001234567890L;
    private static final long ADMIN = 42;
    private static final long PROSPECT = 501;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.nearNow();
    private FakeTelegramServer telegram;
    private TelegramBot bot;
    private Path mounted;

    @BeforeEach
    void startTelegram() {
        telegram = FakeTelegramServer.start(TOKEN);
    }

    private TelegramBot startBot(Path database, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN,
                "TELEGRAM_API_URL", telegram.baseUrl(),
                "AGENCY_CHAT_ID", String.valueOf(AGENCY),
                "ADMIN_IDS", String.valueOf(ADMIN),
                "DATABASE_URL", "jdbc:sqlite:" + database));
        env.putAll(extra);
        BotConfig config = BotConfig.fromEnvironment(env, TestKnowledge.DIR, true);
        bot = new TelegramBot(config, TestKnowledge.knowledge(), clock);
        bot.start();
        telegram.awaitPolling(WAIT);
        return bot;
    }

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.close();
        }
        telegram.close();
        if (mounted != null) {
            run("umount", "-l", mounted.toString());
        }
    }

    @Test
    void aDiskThatFillsUp_isReportedToTheAdmins_andTheBotGoesOnWhenItIsEmptied_withoutARestart() throws Exception {
        Path disk = dir.resolve("disk");
        Files.createDirectories(disk);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                        && run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString()),
                "needs root and mount(8) for a 4 MB tmpfs; skipped");
        mounted = disk;
        Path database = disk.resolve("bot.db");
        startBot(database, Map.of());
        telegram.userText(PROSPECT, "/start");
        telegram.awaitMessageTo(PROSPECT, "Здравствуйте", WAIT);

        // A second connection, as a backup tool would hold: the bot's reconnect cannot delete the WAL file
        // and so give the space back, and the disk stays full until the test empties it.
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            Path filler = disk.resolve("filler");
            fillUp(filler);
            telegram.userText(PROSPECT, "Сколько стоит ретейнер в месяц?");
            // The clock moves in small steps: the poller's retries (1, 2, 4… s apart) must keep one fault going.
            FakeTelegramServer.Request fault = awaitWhileTheClockRuns(ADMIN, "База данных", Duration.ofSeconds(2));
            assertThat(fault.text()).contains("SQLITE_FULL");
            assertThat(telegram.sentMessages(PROSPECT)).as("nothing answered while the disk is full").hasSize(1);

            Files.delete(filler);
            telegram.awaitMessageTo(PROSPECT, "$2 000–5 000", Duration.ofSeconds(40));
            awaitWhileTheClockRuns(ADMIN, "снова работает", Duration.ofSeconds(10));
        }
    }

    /** The prospect leaves their contact: the lead is saved and its card queued for the agency group. */
    private void leaveALead(long user) {
        telegram.userText(user, "/human");
        telegram.awaitMessageTo(user, "номер", WAIT);
        telegram.userContact(user, "+996555123456");
        telegram.awaitMessageTo(user, "Как к вам обращаться", WAIT);
        telegram.userText(user, "Асель");
        long companyQuestion = telegram.awaitMessageTo(user, "компании", WAIT).messageId();
        telegram.callback(user, user, companyQuestion, "lead:skip");
        long consent = telegram.awaitMessageTo(user, "связаться", WAIT).messageId();
        telegram.callback(user, user, consent, "lead:agree");
        telegram.awaitMessageTo(user, "Спасибо", WAIT);
    }

    private FakeTelegramServer.Request awaitWhileTheClockRuns(long chatId, String fragment, Duration step) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            java.util.Optional<FakeTelegramServer.Request> found = telegram.requests("sendMessage").stream()
                    .filter(r -> r.ok() && r.chatId() == chatId && telegram.readableText(r).contains(fragment)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            clock.advance(step);
            Thread.sleep(200);
        }
        return telegram.awaitMessageTo(chatId, fragment, Duration.ZERO);
    }

    @Test
    void aGroupThatRemovedTheBot_keepsTheCardWaiting_tellsTheAdminsAndTheProspect_andGetsItWhenTheBotIsBack() throws Exception {
        startBot(dir.resolve("bot.db"), Map.of());
        telegram.refuseChat(AGENCY, 403, "Forbidden: bot was kicked from the supergroup chat");
        leaveALead(PROSPECT);

        FakeTelegramServer.Request notice = telegram.awaitMessageTo(ADMIN, "не принимает сообщения", WAIT);
        assertThat(telegram.readableText(notice)).contains("bot was kicked", "добавьте бота в группу снова");
        telegram.awaitMessageTo(PROSPECT, "пока не получили", WAIT);

        telegram.userText(PROSPECT, "Когда вы позвоните?");
        clock.advance(Duration.ofMinutes(3));
        Thread.sleep(1500);
        assertThat(telegram.requests("sendMessage")).as("the admins are told once, the prospect once")
                .filteredOn(r -> r.ok() && (telegram.readableText(r).contains("не принимает сообщения")
                        || telegram.readableText(r).contains("пока не получили"))).hasSize(2);

        telegram.acceptChat(AGENCY);
        FakeTelegramServer.Request card = awaitWhileTheClockRuns(AGENCY, "Лид №1", Duration.ofSeconds(20));
        assertThat(telegram.readableText(card)).contains("+996555123456");
        telegram.awaitMessageTo(AGENCY, "Когда вы позвоните?", WAIT);
        telegram.awaitMessageTo(ADMIN, "снова принимает", WAIT);
    }

    @Test
    void aGroupThatBecameASupergroup_isFollowedToItsNewId_andRepliesThereReachTheProspect() {
        long supergroup = -1009876543210L;
        startBot(dir.resolve("bot.db"), Map.of());
        telegram.migrateChat(AGENCY, supergroup);
        leaveALead(PROSPECT);

        FakeTelegramServer.Request card = telegram.awaitMessageTo(supergroup, "Лид №1", WAIT);
        FakeTelegramServer.Request notice = telegram.awaitMessageTo(ADMIN, "супергруппой", WAIT);
        assertThat(telegram.readableText(notice)).contains("AGENCY_CHAT_ID=" + supergroup);
        assertThat(telegram.sentMessages(PROSPECT)).noneSatisfy(m -> assertThat(m.path("text").asText()).contains("пока не получили"));

        telegram.groupReply(supergroup, 900, "manager_aida", card.messageId(), "Добрый день, Асель!");
        telegram.awaitMessageTo(PROSPECT, "Добрый день, Асель!", WAIT);

        bot.close();
        bot = null;
        startBot(dir.resolve("bot.db"), Map.of());
        telegram.userText(PROSPECT, "Спасибо, жду звонка");
        telegram.awaitMessageTo(supergroup, "Спасибо, жду звонка", WAIT);
    }

    @Test
    void aMessageWhoseFormattingTelegramRefuses_goesOutAsPlainText_andTheAdminsAreTold() {
        startBot(dir.resolve("bot.db"), Map.of());
        telegram.failNext("sendMessage", 400, "Bad Request: can't parse entities: Unsupported start tag \"br\" at byte offset 10", null);
        telegram.userText(PROSPECT, "Сколько стоит ретейнер в месяц?");
        FakeTelegramServer.Request answer = telegram.awaitMessageTo(PROSPECT, "$2 000–5 000", WAIT);
        assertThat(answer.params().has("parse_mode")).as("sent as plain text").isFalse();
        FakeTelegramServer.Request notice = telegram.awaitMessageTo(ADMIN, "разметку", WAIT);
        assertThat(telegram.readableText(notice)).contains("can't parse entities", String.valueOf(PROSPECT));
    }

    @Test
    void anUpdateTheLibraryCannotRead_isStoredRawAndReported_andPollingMovesOn() throws Exception {
        startBot(dir.resolve("bot.db"), Map.of());
        long bad = telegram.enqueueUpdate("{\"message\": {\"message_id\": \"not a number\", \"date\": 1,"
                + " \"chat\": {\"id\": 777, \"type\": \"private\"}, \"from\": {\"id\": 777, \"is_bot\": false,"
                + " \"first_name\": \"Айгүл\"}, \"text\": \"менин номерим 0555123456\"}}");
        telegram.userText(PROSPECT, "Сколько стоит ретейнер в месяц?");
        telegram.awaitMessageTo(PROSPECT, "$2 000–5 000", WAIT);
        FakeTelegramServer.Request notice = telegram.awaitMessageTo(ADMIN, "не смог прочитать", WAIT);
        assertThat(telegram.readableText(notice)).contains("update " + bad, "message_id").doesNotContain("0555123456");
        assertThat(telegram.confirmedOffset()).isGreaterThan(bad);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bot.db"));
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT chat_id, payload, processed_at, last_error FROM inbound_updates WHERE update_id = " + bad)) {
            assertThat(r.next()).as("stored").isTrue();
            assertThat(r.getLong("chat_id")).isEqualTo(777);
            assertThat(r.getString("payload")).contains("not a number");
            assertThat(r.getString("processed_at")).as("set aside").isNotNull();
            assertThat(r.getString("last_error")).startsWith("unreadable");
        }
    }

    private static final long BYSTANDER = 502;

    @Test
    void aHangingTypingCall_forOneProspect_doesNotDelayTheOthersAnswers() {
        startBot(dir.resolve("bot.db"), Map.of());
        FakeTelegramServer.Hold typing = telegram.hold("sendChatAction", PROSPECT);
        // More answers than a private chat's burst: the later ones wait for their pace, with typing shown.
        for (int i = 0; i < 5; i++) {
            telegram.userText(PROSPECT, "Сколько стоит час работы CMO?");
        }
        typing.awaitHeldCall(WAIT);
        telegram.userText(BYSTANDER, "Сколько стоит ретейнер в месяц?");
        telegram.awaitMessageTo(BYSTANDER, "$2 000–5 000", WAIT);
        telegram.awaitRequests("sendMessage", 6, WAIT);
        typing.release();
    }

    @Test
    void aHangingSendToOneChat_doesNotHoldTheOthers() {
        startBot(dir.resolve("bot.db"), Map.of());
        FakeTelegramServer.Hold hanging = telegram.hold("sendMessage", PROSPECT);
        telegram.userText(PROSPECT, "Сколько стоит час работы CMO?");
        hanging.awaitHeldCall(WAIT);
        telegram.userText(BYSTANDER, "Сколько стоит ретейнер в месяц?");
        telegram.awaitMessageTo(BYSTANDER, "$2 000–5 000", WAIT);
        hanging.release();
        telegram.awaitMessageTo(PROSPECT, "$50–150", WAIT);
    }

    @Test
    void aLongRateLimitForOneChat_holdsBackThatChatOnly() throws Exception {
        startBot(dir.resolve("bot.db"), Map.of());
        telegram.failNextFor(PROSPECT, "sendMessage", 429, "Too Many Requests: retry after 600", 600);
        telegram.userText(PROSPECT, "Сколько стоит час работы CMO?");
        for (int i = 0; i < 200 && telegram.requests("sendMessage").stream().noneMatch(r -> r.status() == 429); i++) {
            Thread.sleep(50);
        }
        telegram.userText(BYSTANDER, "Сколько стоит ретейнер в месяц?");
        telegram.awaitMessageTo(BYSTANDER, "$2 000–5 000", WAIT);
        assertThat(telegram.sentMessages(PROSPECT)).as("the limited chat waits its retry_after").isEmpty();
        clock.advance(Duration.ofSeconds(601));
        telegram.awaitMessageTo(PROSPECT, "$50–150", WAIT);
    }

    private static void fillUp(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left: what the test wants.
        }
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // The last bytes too.
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
