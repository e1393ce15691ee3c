package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine relies on from any {@link ConversationStore}, as Caffeine tests every cache: one suite,
 * run against the in-memory store of the engine tests and against SQLite and PostgreSQL.
 */
public abstract class ConversationStoreContract {
    protected static final Instant T = Instant.parse("2026-11-26T10:00:00Z");
    private static final Person ASEL = new Person(501, "asel_kg", "Асель", "ky");

    /** Runs {@code work} on the store (in one transaction, for a database). */
    protected abstract <R> R inStore(Function<ConversationStore, R> work);

    private boolean holds(Function<ConversationStore, Boolean> work) {
        return inStore(work);
    }

    private static Lead lead(long chatId) {
        return new Lead(0, chatId, ASEL, "Асель", "+996555123456", "ОсОО \"Test\"", Lang.KY, "fb_ads",
                new QuizResult(Map.of("revenue", "yes"), 3, 5, List.of("маркетинг хаостуу"), "project", true),
                List.of("Ретейнер канча турат?"), "Макулмун", T, Lead.Status.OPEN, null, T);
    }

    @Test
    public void createLead_givesEachItsOwnId_andLeadReadsItBack() {
        Lead first = inStore(store -> store.createLead(lead(601)));
        Lead second = inStore(store -> store.createLead(lead(602)));
        assertThat(first.id()).isNotEqualTo(second.id());
        Lead read = inStore(store -> store.lead(first.id())).orElseThrow();
        assertThat(read.name()).isEqualTo("Асель");
        assertThat(read.phone()).isEqualTo("+996555123456");
        assertThat(read.status()).isEqualTo(Lead.Status.OPEN);
    }

    @Test
    public void claimLead_onlyTheFirst_thenRelease_thenReassign_onlyFromItsCurrentTaker() {
        long id = inStore(store -> store.createLead(lead(603)).id());
        assertThat(holds(store -> store.claimLead(id, "@asel"))).isTrue();
        assertThat(holds(store -> store.claimLead(id, "@bolot"))).as("taken already").isFalse();
        assertThat(holds(store -> store.reassignLead(id, "@bolot", "@chyngyz"))).as("not Bolot's").isFalse();
        assertThat(holds(store -> store.reassignLead(id, "@asel", "@bolot"))).isTrue();
        assertThat(inStore(store -> store.lead(id)).orElseThrow().takenBy()).isEqualTo("@bolot");
        assertThat(holds(store -> store.releaseLead(id))).isTrue();
        assertThat(inStore(store -> store.lead(id)).orElseThrow().status()).isEqualTo(Lead.Status.OPEN);
        assertThat(holds(store -> store.releaseLead(id))).as("nobody's already").isFalse();
    }

    @Test
    public void reopenLead_withinTheWindow_forWhoeverHadIt_andOpenLeadOfChat() {
        long id = inStore(store -> store.createLead(lead(604)).id());
        inStore(store -> {
            store.claimLead(id, "@asel");
            Lead taken = store.lead(id).orElseThrow();
            Lead done = taken.withStatus(Lead.Status.DONE, "@asel");
            store.updateLead(done);
            store.record(FunnelEvent.ofLead(done, FunnelEvent.Kind.LEAD_DONE, T));
            return null;
        });
        java.util.Optional<Lead> open = inStore(store -> store.openLeadOfChat(604));
        assertThat(open).isEmpty();
        assertThat(inStore(store -> store.lastLeadOfChat(604)).orElseThrow().id()).isEqualTo(id);
        assertThat(holds(store -> store.reopenLead(id, null, T.plus(Duration.ofDays(1)), Duration.ofDays(14)))).isTrue();
        Lead reopened = inStore(store -> store.lead(id)).orElseThrow();
        assertThat(reopened.status()).isEqualTo(Lead.Status.TAKEN);
        assertThat(reopened.takenBy()).isEqualTo("@asel");
        assertThat(inStore(store -> store.openLeadOfChat(604)).orElseThrow().id()).isEqualTo(id);
    }

    @Test
    public void markReminded_isTrueOnce_perKindSubjectAndSince() {
        Outbound.Reminder.Kind kind = Outbound.Reminder.Kind.LEAD_NOT_TAKEN;
        assertThat(holds(store -> store.markReminded(kind, 1, T, T))).isTrue();
        assertThat(holds(store -> store.markReminded(kind, 1, T, T))).as("a reminder carried out twice").isFalse();
        assertThat(holds(store -> store.markReminded(kind, 1, T.plusSeconds(1), T))).isTrue();
        assertThat(holds(store -> store.markReminded(Outbound.Reminder.Kind.MESSAGE_UNANSWERED, 1, T, T))).isTrue();
    }

    @Test
    public void members_newestFirst_andTranscript_oldestFirst() {
        inStore(store -> {
            store.rememberMember(-100, ASEL, T);
            store.rememberMember(-100, new Person(777, null, "Bolot", null), T.plusSeconds(5));
            store.appendTranscript(605, "in", "первый");
            store.appendTranscript(605, "out", "второй");
            return null;
        });
        List<Person> members = inStore(store -> store.members(-100));
        List<ConversationStore.TranscriptLine> transcript = inStore(store -> store.transcript(605, 10));
        assertThat(members).extracting(Person::handle).containsExactly("Bolot", ASEL.handle());
        assertThat(transcript).extracting(ConversationStore.TranscriptLine::text).containsExactly("первый", "второй");
    }

    @Test
    public void forget_dropsTheSessionAndTranscript_stripsTheLeads_andNamesWhatOthersHold() {
        long id = inStore(store -> {
            store.save(Session.fresh(606, ASEL, Lang.KY));
            store.appendTranscript(606, "in", "менин номерим 0555 12 34 56");
            return store.createLead(lead(606)).id();
        });
        ConversationStore.Forgotten forgotten = inStore(store -> store.forget(606));
        assertThat(forgotten.leadIds()).containsExactly(id);
        assertThat(forgotten.openLeadIds()).containsExactly(id);
        java.util.Optional<Session> session = inStore(store -> store.session(606));
        List<ConversationStore.TranscriptLine> transcript = inStore(store -> store.transcript(606, 10));
        assertThat(session).isEmpty();
        assertThat(transcript).isEmpty();
        Lead stripped = inStore(store -> store.lead(id)).orElseThrow();
        assertThat(stripped.name()).isNull();
        assertThat(stripped.phone()).isNull();
        assertThat(stripped.status()).isEqualTo(Lead.Status.DONE);
        assertThat(holds(store -> store.reopenLead(id, "@asel", T, Duration.ofDays(14)))).as("a forgotten person's lead stays closed").isFalse();
    }
}
