package cmoadvisor.conversation;

import cmoadvisor.conversation.Outbound.Reminder;
import cmoadvisor.conversation.Outbound.Reminder.Kind;
import cmoadvisor.knowledge.DeskSettings;
import cmoadvisor.knowledge.Lang;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is reminded of what, and when. Each reminder is scheduled as an outbox entry when what it waits on
 * begins; when it comes due it applies only if nothing happened meanwhile, and it is sent once (the store
 * marks it), however often a crash makes it come due.
 *
 * <pre>
 *   scheduled when                           kind                   due after            when due, if still so
 *   a lead is saved                       →  LEAD_NOT_TAKEN         N working minutes →  nobody took it: said in the group again,
 *                                                                                        and LEAD_STILL_NOT_TAKEN scheduled
 *   (the above)                           →  LEAD_STILL_NOT_TAKEN   M working minutes →  nobody took it: each admin told privately
 *   a prospect's message reaches the      →  MESSAGE_UNANSWERED     K working minutes →  nobody at the agency answered since:
 *   group and none waited before                                                         one reminder in the group
 *   a prospect's turn ends in the quiz    →  PROSPECT_STOPPED       the hours set     →  nothing came from them since: one polite
 *   or at the phone step                                            (wall clock)         reminder, the step asked again
 * </pre>
 *
 * Working minutes are counted in the agency's working hours (desk.yaml), so a lead left on Friday night is
 * announced again on Monday morning, not at 3 a.m.
 */
final class Reminders {
    /** What a reminder does when it comes due; empty when it no longer applies. */
    private interface Action {
        List<Outbound> due(Reminder reminder, ConversationStore store, Instant now);
    }

    private final Map<Kind, Action> actions = new EnumMap<>(Map.of(
            Kind.LEAD_NOT_TAKEN, this::leadNotTaken,
            Kind.LEAD_STILL_NOT_TAKEN, this::leadStillNotTaken,
            Kind.MESSAGE_UNANSWERED, this::messageUnanswered,
            Kind.PROSPECT_STOPPED, this::prospectStopped));

    private static final Duration ONE_A_WEEK = Duration.ofDays(7);

    private final DeskSettings settings;
    private final long agencyChatId;
    private final Lang agencyLang;
    private final Set<Long> admins;
    private final Phrases phrases;
    /** Asks the step a prospect stopped at once more (the flows that own the steps do). */
    private final java.util.function.BiConsumer<Turn, ChatState> askAgain;

    Reminders(DeskSettings settings, long agencyChatId, Lang agencyLang, Set<Long> admins, Phrases phrases,
              java.util.function.BiConsumer<Turn, ChatState> askAgain) {
        this.settings = settings;
        this.agencyChatId = agencyChatId;
        this.agencyLang = agencyLang;
        this.admins = Set.copyOf(admins);
        this.phrases = phrases;
        this.askAgain = askAgain;
    }

    /** The first reminder of a lead just saved. */
    Reminder leadSaved(Lead lead, Instant now) {
        return new Reminder(Kind.LEAD_NOT_TAKEN, lead.id(), now, settings.hours().plusWorking(now, settings.leadNotTaken()));
    }

    /**
     * A prospect's message passed to the group: the chat's new state, and a reminder when this message is
     * the first the agency has not answered yet (later ones wait with it).
     */
    Optional<Reminder> messageRelayed(Turn turn) {
        if (!(turn.state() instanceof ChatState.Relaying relaying) || relaying.waitingSince() != null) {
            return Optional.empty();
        }
        turn.moveTo(relaying.waitingFrom(turn.now));
        return Optional.of(new Reminder(Kind.MESSAGE_UNANSWERED, relaying.leadId(), turn.now,
                settings.hours().plusWorking(turn.now, settings.messageUnanswered())));
    }

    /** At the end of a prospect's turn: a reminder in case they stop here (at most one a week). */
    Optional<Reminder> turnEnded(Session session, Instant now) {
        Instant reminded = session.context().remindedAt();
        if (!settings.remindsStoppedProspects() || !stoppable(session.state())
                || reminded != null && reminded.plus(ONE_A_WEEK).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(new Reminder(Kind.PROSPECT_STOPPED, session.chatId(), now, now.plus(settings.prospectStopped())));
    }

    private static boolean stoppable(ChatState state) {
        return state instanceof ChatState.InQuiz
                || state instanceof ChatState.CapturingLead capturing && capturing.step() == ChatState.LeadStep.PHONE;
    }

    List<Outbound> due(Reminder reminder, ConversationStore store, Instant now) {
        return actions.get(reminder.kind()).due(reminder, store, now);
    }

    /** A lead that is still nobody's, marked as reminded now; empty when it was taken or this was sent. */
    private Optional<Lead> stillNew(Reminder reminder, ConversationStore store, Instant now) {
        return store.lead(reminder.subject()).filter(lead -> lead.status() == Lead.Status.OPEN)
                .filter(lead -> store.markReminded(reminder.kind(), reminder.subject(), reminder.since(), now));
    }

    private List<Outbound> leadNotTaken(Reminder reminder, ConversationStore store, Instant now) {
        return stillNew(reminder, store, now).<List<Outbound>>map(lead -> List.of(
                new Outbound.Message(agencyChatId, phrases.html("reminder_lead_not_taken", agencyLang, "id", lead.id(),
                        "name", nameOf(lead), "minutes", settings.leadNotTaken().toMinutes()), Keyboard.NONE, lead.id()),
                new Reminder(Kind.LEAD_STILL_NOT_TAKEN, lead.id(), reminder.since(),
                        settings.hours().plusWorking(now, settings.leadStillNotTaken())))).orElse(List.of());
    }

    private List<Outbound> leadStillNotTaken(Reminder reminder, ConversationStore store, Instant now) {
        return stillNew(reminder, store, now).<List<Outbound>>map(lead -> {
            long minutes = settings.leadNotTaken().plus(settings.leadStillNotTaken()).toMinutes();
            // No personal data in an admin's private chat: the group has the card, /forget edits it there.
            return admins.stream().<Outbound>map(admin -> new Outbound.Message(admin, phrases.html("reminder_lead_to_admins",
                    agencyLang, "id", lead.id(), "minutes", minutes, "source", lead.source() == null ? "—" : lead.source()))).toList();
        }).orElse(List.of());
    }

    private List<Outbound> messageUnanswered(Reminder reminder, ConversationStore store, Instant now) {
        Optional<Lead> lead = store.lead(reminder.subject()).filter(Lead::isOpen);
        boolean stillWaiting = lead.flatMap(l -> store.session(l.chatId())).map(Session::state)
                .filter(state -> state instanceof ChatState.Relaying relaying && relaying.leadId() == reminder.subject()
                        && reminder.since().equals(relaying.waitingSince()))
                .isPresent();
        if (!stillWaiting || !store.markReminded(reminder.kind(), reminder.subject(), reminder.since(), now)) {
            return List.of();
        }
        return List.of(new Outbound.Message(agencyChatId, phrases.html("reminder_message_unanswered", agencyLang,
                "id", lead.get().id(), "name", nameOf(lead.get()), "minutes", settings.messageUnanswered().toMinutes()),
                Keyboard.NONE, lead.get().id()));
    }

    private List<Outbound> prospectStopped(Reminder reminder, ConversationStore store, Instant now) {
        Optional<Session> session = store.session(reminder.subject())
                .filter(s -> stoppable(s.state()) && reminder.since().equals(s.context().lastSeen()));
        if (session.isEmpty() || !store.markReminded(reminder.kind(), reminder.subject(), reminder.since(), now)) {
            return List.of();
        }
        Turn turn = new Turn(store, session.get(), now);
        store.record(FunnelEvent.of(turn.session(), FunnelEvent.Kind.REMINDED, now));
        turn.update(s -> s.withContext(s.context().reminded(now)));
        turn.say(phrases.html(turn.state() instanceof ChatState.InQuiz ? "reminder_quiz" : "reminder_phone", turn.lang()));
        askAgain.accept(turn, turn.state());
        store.save(turn.session());
        return new ArrayList<>(turn.replies());
    }

    private static String nameOf(Lead lead) {
        return lead.name() == null ? lead.person().handle() : lead.name();
    }
}
