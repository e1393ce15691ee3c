package cmoadvisor.telegram;

import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /forget through the real wiring: a prospect asks, leaves a lead, talks to a manager, an admin exports the
 * leads; then the prospect says /forget. Every table and every column of the database is then searched for
 * anything that names them, the card in the agency group is edited, and the CRM is told.
 */
class ForgetEndToEndTest {
    private static final String TOKEN = "123456789:AAE-forget-end-to-end-token-xyz";
    private static final long AGENCY = -1001234567890L;
    private static final long ADMIN = 42;
    private static final long GULNARA = 777001;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** What names the person: their name, username, phone, company, words of their own, their id. */
    private static final List<String> TRACES = List.of("Маркерова", "gulnara_shop", "700112233", "Кызыл-Алма", "Гүлнара",
            "User" + GULNARA, String.valueOf(GULNARA));
    /** Every table the bot has: a new one must be added here, with what /forget does to it. */
    private static final List<String> TABLES = List.of("agency_messages", "bot_state", "desk_members", "events",
            "flyway_schema_history", "inbound_updates", "knowledge_versions", "lead_topics", "leads", "outbox", "reminders", "sessions",
            "transcripts");

    @TempDir
    Path dir;
    private FakeTelegramServer telegram;
    private TelegramBot bot;
    private HttpServer crm;
    private final List<String> crmBodies = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/leads", exchange -> {
            crmBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        crm.start();
        telegram = FakeTelegramServer.start(TOKEN);
        BotConfig config = BotConfig.fromEnvironment(Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN,
                "TELEGRAM_API_URL", telegram.baseUrl(),
                "AGENCY_CHAT_ID", String.valueOf(AGENCY),
                "ADMIN_IDS", String.valueOf(ADMIN),
                "LEAD_WEBHOOK_URL", "http://127.0.0.1:" + crm.getAddress().getPort() + "/leads",
                "DATABASE_URL", "jdbc:sqlite:" + database()), TestKnowledge.DIR, true);
        bot = new TelegramBot(config, TestKnowledge.knowledge(), Clock.systemUTC());
        bot.start();
        telegram.awaitPolling(WAIT);
    }

    private Path database() {
        return dir.resolve("bot.db");
    }

    @AfterEach
    void stop() {
        bot.close();
        telegram.close();
        crm.stop(0);
    }

    @Test
    void forget_leavesNothingThatNamesThePerson_editsTheCard_andTellsTheCrm() throws Exception {
        telegram.userText(GULNARA, "Гүлнара", "gulnara_shop", "У меня магазин Кызыл-Алма. Сколько стоит ретейнер?");
        telegram.awaitMessageTo(GULNARA, "$2 000–5 000", WAIT);
        telegram.userText(GULNARA, "Гүлнара", "gulnara_shop", "/human");
        telegram.awaitMessageTo(GULNARA, "номер", WAIT);
        telegram.userContact(GULNARA, "+996700112233");
        telegram.awaitMessageTo(GULNARA, "Как к вам обращаться", WAIT);
        telegram.userText(GULNARA, "Гүлнара", "gulnara_shop", "Гүлнара Маркерова");
        telegram.awaitMessageTo(GULNARA, "компании", WAIT);
        telegram.userText(GULNARA, "Гүлнара", "gulnara_shop", "Кызыл-Алма ОсОО");
        long consent = telegram.awaitMessageTo(GULNARA, "связаться", WAIT).messageId();
        telegram.callback(GULNARA, GULNARA, consent, "lead:agree");
        FakeTelegramServer.Request card = telegram.awaitMessageTo(AGENCY, "Лид №1", WAIT);
        telegram.groupReply(AGENCY, 900, "manager_aida", card.messageId(), "Гүлнара, позвоню завтра");
        telegram.awaitMessageTo(GULNARA, "позвоню завтра", WAIT);
        telegram.userText(GULNARA, "Гүлнара", "gulnara_shop", "Жду звонка, мой второй номер 0700112233");
        telegram.awaitMessageTo(AGENCY, "второй номер", WAIT);
        telegram.userMedia(GULNARA, "photo");
        FakeTelegramServer.Request photo = telegram.awaitRequest("copyMessage", r -> r.ok() && r.chatId() == AGENCY, WAIT);
        telegram.userText(ADMIN, "/leads");
        telegram.awaitDocumentTo(ADMIN, WAIT);
        awaitCrm("\"event\":\"lead.created\"");

        telegram.userText(GULNARA, "Гүлнара", "gulnara_shop", "/forget");
        long question = telegram.awaitMessageTo(GULNARA, "Удалить", WAIT).messageId();
        telegram.callback(GULNARA, GULNARA, question, "forget:yes");
        telegram.awaitMessageTo(GULNARA, "данные удалены", WAIT);

        // The card was edited once already, when the manager's reply took the lead.
        FakeTelegramServer.Request edit = telegram.awaitRequest("editMessageText",
                r -> r.params().path("message_id").asLong() == card.messageId()
                        && r.params().path("text").asText().contains("удалить свои данные"), WAIT);
        assertThat(edit.params().path("text").asText()).contains("Лид №1", "удалить свои данные").doesNotContain("700112233");
        FakeTelegramServer.Request deleted = telegram.awaitRequest("deleteMessage", r -> r.ok() && r.chatId() == AGENCY, WAIT);
        assertThat(deleted.params().path("message_id").asLong()).as("the copy of their photo cannot be edited: it is deleted")
                .isEqualTo(photo.response().path("result").path("message_id").asLong());
        assertThat(telegram.awaitRequests("editMessageText", 3, WAIT)).as("the relayed message loses its text too")
                .anySatisfy(r -> assertThat(r.params().path("message_id").asLong()).isNotEqualTo(card.messageId()));
        awaitCrm("\"event\":\"lead.forgotten\"");
        awaitOutboxSettled();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database())) {
            assertThat(tables(c)).as("every table is listed here, with what /forget does to it").containsExactlyElementsOf(TABLES);
            Map<String, List<String>> found = traces(c);
            assertThat(found).as("what still names the person after /forget").isEmpty();
        }
    }

    private void awaitCrm(String fragment) throws InterruptedException {
        for (int i = 0; i < 100 && crmBodies.stream().noneMatch(b -> b.contains(fragment)); i++) {
            Thread.sleep(100);
        }
        assertThat(crmBodies).anySatisfy(b -> assertThat(b).contains(fragment));
    }

    private void awaitOutboxSettled() throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database());
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")) {
                if (r.next() && r.getInt(1) == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the outbox did not empty");
    }

    private static List<String> tables(Connection c) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (ResultSet r = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (r.next()) {
                String name = r.getString("TABLE_NAME");
                if (!name.startsWith("sqlite_")) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Every row, in every column of every table, that holds a trace of the person, except the one thing that
     * must stay: the chat id of the session (which keeps only the language they chose) and of the bot's
     * confirmation, once sent and scrubbed.
     */
    private static Map<String, List<String>> traces(Connection c) throws SQLException {
        Map<String, List<String>> found = new TreeMap<>();
        DatabaseMetaData meta = c.getMetaData();
        for (String table : tables(c)) {
            List<String> columns = new ArrayList<>();
            try (ResultSet r = meta.getColumns(null, null, table, "%")) {
                while (r.next()) {
                    columns.add(r.getString("COLUMN_NAME"));
                }
            }
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT * FROM " + table)) {
                while (rows.next()) {
                    for (String column : columns) {
                        String value = rows.getString(column);
                        if (value == null || TRACES.stream().noneMatch(value::contains) || allowed(table, column, rows)) {
                            continue;
                        }
                        found.computeIfAbsent(table + "." + column, k -> new ArrayList<>()).add(value);
                    }
                }
            }
        }
        return found;
    }

    private static boolean allowed(String table, String column, ResultSet row) throws SQLException {
        boolean theId = String.valueOf(GULNARA).equals(row.getString(column));
        if (table.equals("sessions") && column.equals("chat_id")) {
            return theId;
        }
        if (table.equals("sessions") && column.equals("data")) {
            // The session after /forget: the id, the language, nothing else of the person.
            String data = row.getString(column);
            return !data.contains("Гүлнара") && !data.contains("gulnara_shop") && !data.contains("700112233");
        }
        return theId && table.equals("outbox") && column.equals("chat_id") && "{}".equals(row.getString("payload"));
    }
}
