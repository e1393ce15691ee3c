package cmoadvisor.storage;

import cmoadvisor.TestKnowledge;
import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.conversation.Inbound;
import cmoadvisor.conversation.Lead;
import cmoadvisor.conversation.Person;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics against a scripted set of conversations whose counts are known. */
class AnalyticsTest {
    private static final long AGENCY = -100;
    private static final Person MANAGER = new Person(900, "aida", "Aida", "ru");
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;
    private Database database;
    private final Json json = new Json();
    private final ConversationEngine engine = new ConversationEngine(TestKnowledge.engine(),
            new ConversationEngine.Options(AGENCY, Lang.RU, Duration.ofMinutes(60), Set.of(), null));
    private Instant clock = NOW.minus(Duration.ofDays(2));

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("stats.db"));
        Migrations.migrate(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void say(long chat, String text) {
        handle(new Inbound.Text(chat, new Person(chat, null, "P" + chat, "ru"), text, null));
    }

    private void press(long chat, String data) {
        handle(new Inbound.ButtonPress(chat, new Person(chat, null, "P" + chat, "ru"), "cb", 0, data));
    }

    private void handle(Inbound in) {
        database.transaction(c -> engine.handle(in, new JdbcConversationStore(c, json, database.dialect(), java.time.Clock.fixed(clock, java.time.ZoneOffset.UTC)), clock));
    }

    private void quiz(long chat, String... choices) {
        say(chat, "/quiz");
        String[] ids = {"revenue", "chaos", "strategy", "leader", "growth"};
        for (int i = 0; i < ids.length; i++) {
            press(chat, "quiz:" + ids[i] + ":" + choices[i]);
        }
    }

    private void leaveContacts(long chat) {
        press(chat, "menu:human");
        say(chat, String.format("+996 555 000 %03d", chat));
        say(chat, "Client " + chat);
        press(chat, "lead:skip");
        press(chat, "lead:agree");
    }

    @Test
    void report_countsEachStepOnce_perChat_andPerSource() {
        // Two from an ad campaign: one goes all the way, one only asks.
        say(1, "/start fb_ads");
        say(1, "Сколько стоит ретейнер?");
        say(1, "Сколько стоит ретейнер в месяц?");
        quiz(1, "yes", "yes", "yes", "no", "no");
        leaveContacts(1);
        say(2, "/start fb_ads");
        say(2, "Как приготовить плов?");
        // One direct visitor who takes the quiz without qualifying, and one who leaves contacts without it.
        say(3, "/start");
        quiz(3, "no", "no", "no", "no", "yes");
        say(4, "/start");
        leaveContacts(4);
        // Someone from long ago, outside the 30 days.
        clock = NOW.minus(Duration.ofDays(40));
        say(5, "/start old_campaign");
        clock = NOW.minus(Duration.ofDays(1));
        handle(new Inbound.ButtonPress(AGENCY, MANAGER, "cb", 0, "desk:take:1"));
        handle(new Inbound.ButtonPress(AGENCY, MANAGER, "cb", 0, "desk:done:1"));
        handle(new Inbound.ButtonPress(AGENCY, MANAGER, "cb", 0, "desk:take:2"));

        Analytics.Report report = database.transaction(c -> new Analytics(c).report(30, NOW.toEpochMilli()));
        // started, asked, quiz started, quiz finished, qualified, left contacts, taken, done
        assertThat(report.total().chats()).containsExactly(4, 2, 2, 2, 1, 2, 2, 1);
        // Sources with as many starts are listed by name.
        assertThat(report.bySource()).extracting(Analytics.Funnel::source).containsExactly(Analytics.NO_SOURCE, "fb_ads");
        assertThat(report.bySource().get(0).chats()).containsExactly(2, 0, 1, 1, 0, 1, 1, 0);
        assertThat(report.bySource().get(1).chats()).containsExactly(2, 2, 1, 1, 1, 1, 1, 1);
        assertThat(report.answered()).isEqualTo(2);
        assertThat(report.declined()).isEqualTo(1);
        assertThat(report.answerRate()).isCloseTo(2.0 / 3, org.assertj.core.api.Assertions.within(0.001));
        assertThat(report.topTopics()).singleElement().satisfies(t -> assertThat(t.count()).isEqualTo(2));
        // The trend goes back 12 weeks whatever the period: the visitor of 40 days ago is in it.
        assertThat(report.weeks()).hasSize(Analytics.TREND_WEEKS);
        assertThat(report.weeks().get(11).chats()).isEqualTo(report.total().chats());
        assertThat(report.weeks().get(5).monday()).isEqualTo(java.time.LocalDate.parse("2026-10-12"));
        assertThat(report.weeks().get(5).chats()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);

        List<Analytics.Gap> gaps = database.transaction(c -> new Analytics(c).gaps(30, NOW.toEpochMilli(), 10));
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.question()).isEqualTo("как приготовить плов?");
            assertThat(g.count()).isEqualTo(1);
            assertThat(g.lang()).isEqualTo("ru");
        });
    }

    @Test
    void csvExport_hasABom_quotesCells_andDefusesFormulas() {
        say(7, "/start tg");
        press(7, "menu:human");
        say(7, "+996 555 000 777");
        say(7, "=HYPERLINK(\"http://x\"), \"Асель\"");
        say(7, "ОсОО \"Ромашка\"; филиал");
        press(7, "lead:agree");
        List<Lead> leads = database.transaction(c -> new LeadExport(c, json).leads(30, NOW.toEpochMilli()));
        byte[] csv = LeadExport.csv(leads);
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, StandardCharsets.UTF_8).substring(1);
        String[] lines = text.split("\r\n");
        assertThat(lines[0]).startsWith("id,created_at,status,name,username,phone,company");
        assertThat(lines[1]).contains("\"'=HYPERLINK(\"\"http://x\"\"), \"\"Асель\"\"\"")
                .contains("\"ОсОО \"\"Ромашка\"\"; филиал\"").contains("+996555000777").contains(",tg,");
        assertThat(LeadExport.json(leads)).contains("\"phone\" : \"+996555000777\"");
    }
}
