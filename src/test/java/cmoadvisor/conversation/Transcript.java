package cmoadvisor.conversation;

import cmoadvisor.text.Html;
import org.assertj.core.api.AbstractStringAssert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversation tests that read like the chat they check:
 * <pre>
 *   chat.user("/quiz").botSays("1/5")
 *       .press("quiz:revenue:yes").botSays("2/5");
 * </pre>
 * Messages "sent" get message ids, and those about a lead in the agency chat are remembered, as the
 * outbox does, so that agency replies can be scripted too.
 */
final class Transcript {
    static final long AGENCY = -100500L;

    private final ConversationEngine engine;
    private final InMemoryStore store;
    private final Person user;
    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private long nextMessageId = 1;
    private List<Sent> lastReplies = List.of();
    private final List<Sent> all = new ArrayList<>();

    record Sent(long messageId, Outbound outbound) {
        Outbound.Message message() {
            return (Outbound.Message) outbound;
        }

        String text() {
            return Html.toPlainText(message().html());
        }
    }

    Transcript(ConversationEngine engine, InMemoryStore store, Person user) {
        this.engine = engine;
        this.store = store;
        this.user = user;
    }

    Transcript user(String text) {
        return receive(new Inbound.Text(user.id(), user, text, null));
    }

    Transcript press(String buttonId) {
        return receive(new Inbound.ButtonPress(user.id(), user, "cb" + nextMessageId, 0, buttonId));
    }

    Transcript shareContact(String phone) {
        return receive(new Inbound.SharedContact(user.id(), user, phone, true));
    }

    Transcript agencyReplies(Person member, long toMessageId, String text) {
        return receive(new Inbound.Text(AGENCY, member, text, toMessageId));
    }

    Transcript agencyPresses(Person member, String buttonId) {
        return receive(new Inbound.ButtonPress(AGENCY, member, "cb" + nextMessageId, 0, buttonId));
    }

    /** Members of the agency talking among themselves: no reply to a bot message, so no reply from the bot. */
    Transcript receiveGroupChatter() {
        receive(new Inbound.Text(AGENCY, user, "коллеги, кто сегодня на связи?", null));
        assertThat(lastReplies).isEmpty();
        return this;
    }

    Transcript later(Duration duration) {
        now = now.plus(duration);
        return this;
    }

    private final List<Outbound.Reminder> pendingReminders = new ArrayList<>();

    /** Carries out the reminders scheduled so far that are due by now, as the outbox would. */
    Transcript remindersComeDue() {
        List<Outbound.Reminder> due = pendingReminders.stream().filter(r -> !r.due().isAfter(now)).toList();
        pendingReminders.removeAll(due);
        List<Outbound> out = new ArrayList<>();
        for (Outbound.Reminder reminder : due) {
            out.addAll(engine.onReminder(reminder, store, now));
        }
        return record(out);
    }

    /** The reminders waiting in the "outbox", soonest first. */
    List<Outbound.Reminder> pendingReminders() {
        return pendingReminders.stream().sorted(java.util.Comparator.comparing(Outbound.Reminder::due)).toList();
    }

    /** The id the lead's card got in the agency chat. */
    long cardId(long leadId) {
        return all.stream().filter(s -> s.outbound() instanceof Outbound.Message m && m.chatId() == AGENCY
                && Long.valueOf(leadId).equals(m.leadId())).findFirst().orElseThrow().messageId();
    }

    private Transcript receive(Inbound in) {
        return record(engine.handle(in, store, now));
    }

    private Transcript record(List<Outbound> outbounds) {
        List<Sent> sent = new ArrayList<>();
        for (Outbound o : outbounds) {
            if (o instanceof Outbound.Reminder reminder) {
                pendingReminders.add(reminder);
            }
            long id = nextMessageId++;
            sent.add(new Sent(id, o));
            if (o instanceof Outbound.Message m && m.leadId() != null) {
                store.delivered(m.chatId(), id, m.leadId());
            }
        }
        lastReplies = sent;
        all.addAll(sent);
        return this;
    }

    /** The messages of the last step to one chat (the user's, unless said otherwise). */
    List<Sent> messages(long chatId) {
        return lastReplies.stream().filter(s -> s.outbound() instanceof Outbound.Message m && m.chatId() == chatId).toList();
    }

    /** Checks that one of the bot's messages to the user in the last step contains every fragment. */
    Transcript botSays(String... fragments) {
        List<Sent> toUser = messages(user.id());
        assertThat(toUser).as("messages to the user").isNotEmpty();
        assertThat(toUser).as("a message to the user containing %s", List.of(fragments))
                .anySatisfy(s -> assertThat(s.text()).contains(fragments));
        return this;
    }

    /** Checks that no message to the user in the last step contains any of the fragments. */
    Transcript botNeverSays(String... fragments) {
        for (Sent sent : messages(user.id())) {
            assertThat(sent.text()).as("a message to the user").doesNotContain(fragments);
        }
        return this;
    }

    Transcript bot(Consumer<AbstractStringAssert<?>> lastMessage) {
        List<Sent> toUser = messages(user.id());
        assertThat(toUser).isNotEmpty();
        lastMessage.accept(assertThat(toUser.get(toUser.size() - 1).text()));
        return this;
    }

    Transcript agencyGets(String... fragments) {
        assertThat(messages(AGENCY)).as("messages to the agency").anySatisfy(s -> assertThat(s.text()).contains(fragments));
        return this;
    }

    Transcript nothingToAgency() {
        assertThat(messages(AGENCY)).isEmpty();
        return this;
    }

    /** The ids of the buttons under the bot's last message to the user. */
    List<String> buttons() {
        List<Sent> toUser = messages(user.id());
        Keyboard k = toUser.get(toUser.size() - 1).message().keyboard();
        return k instanceof Keyboard.Buttons b ? b.rows().stream().flatMap(List::stream).map(Button::id).toList() : List.of();
    }

    Keyboard keyboard() {
        List<Sent> toUser = messages(user.id());
        return toUser.get(toUser.size() - 1).message().keyboard();
    }

    Sent lastToAgency() {
        List<Sent> agency = all.stream().filter(s -> s.outbound() instanceof Outbound.Message m && m.chatId() == AGENCY).toList();
        return agency.get(agency.size() - 1);
    }

    List<Outbound> lastOutbound() {
        return lastReplies.stream().map(Sent::outbound).toList();
    }

    ChatState state() {
        return store.session(user.id()).orElseThrow().state();
    }
}
