package cmoadvisor.admin;

import cmoadvisor.TestKnowledge;
import cmoadvisor.conversation.FunnelEvent;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.JdbcConversationStore;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Migrations;
import cmoadvisor.storage.Outbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What /stats queues: the text, then the picture of the same report in the admin's language. */
class AdminDeskTest {
    private static final long ADMIN = 42;
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;
    private Database database;
    private final Json json = new Json();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final FunnelChart chart = mock(FunnelChart.class);
    private AdminDesk desk;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("desk.db"));
        Migrations.migrate(database);
        KnowledgeService knowledge = mock(KnowledgeService.class);
        when(knowledge.knowledge()).thenReturn(TestKnowledge.knowledge());
        desk = new AdminDesk(knowledge, database, json, fileId -> new byte[0], Set.of(ADMIN), Lang.RU, () -> { }, clock, chart);
        database.transaction(c -> {
            new JdbcConversationStore(c, json, database.dialect(), clock).record(
                    new FunnelEvent(501, FunnelEvent.Kind.STARTED, "fb_ads", Lang.RU, null, null, NOW.minusSeconds(3600)));
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Everything queued, in the order it will be sent. */
    private List<Outbound> queued() {
        return database.transaction(c -> {
            Outbox outbox = new Outbox(c, json, clock);
            List<Outbound> out = new ArrayList<>();
            for (List<Outbox.Entry> due = outbox.due(Long.MAX_VALUE, 10); !due.isEmpty(); due = outbox.due(Long.MAX_VALUE, 10)) {
                out.add(due.get(0).outbound());
                outbox.markSent(due.get(0), List.of());
            }
            return out;
        });
    }

    @Test
    void stats_queuesTheText_thenThePictureOfTheSameReport_inTheAdminsLanguage() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        when(chart.png(any(), any())).thenReturn(png);

        desk.handle(new Outbound.AdminTask(ADMIN, ADMIN, "/stats", "7", Lang.KY, null, null));

        verify(chart).png(argThat(report -> report.days() == 7 && report.total().chats().get(0) == 1),
                argThat(labels -> labels.funnelTitle().equals("Булак боюнча воронка, акыркы 7 күн")));
        List<Outbound> queued = queued();
        assertThat(queued).hasSize(2);
        assertThat(queued.get(0)).isInstanceOfSatisfying(Outbound.Message.class,
                text -> assertThat(text.html()).contains("Воронка, акыркы 7 күн", "fb_ads"));
        assertThat(queued.get(1)).isInstanceOfSatisfying(Outbound.Photo.class, photo -> {
            assertThat(photo.chatId()).isEqualTo(ADMIN);
            assertThat(photo.fileName()).isEqualTo("stats-2026-11-26.png");
            assertThat(photo.content()).containsExactly(png);
        });
    }

    @Test
    void stats_whosePictureFails_stillSendsTheText_andSaysWhatFailed() {
        when(chart.png(any(), any())).thenThrow(new IllegalStateException("no font"));

        desk.handle(new Outbound.AdminTask(ADMIN, ADMIN, "/stats", null, Lang.EN, null, null));

        List<Outbound> queued = queued();
        assertThat(queued).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOf(Outbound.Message.class));
        assertThat(((Outbound.Message) queued.get(0)).html()).contains("Funnel, last 30 days");
        assertThat(((Outbound.Message) queued.get(1)).html()).contains("/stats failed", "no font");
    }
}
