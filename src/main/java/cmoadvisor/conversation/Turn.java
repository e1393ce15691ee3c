package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One inbound event being handled: the session as it evolves and the replies collected so far. */
final class Turn {
    final ConversationStore store;
    final Instant now;
    private Session session;
    private final List<Outbound> replies = new ArrayList<>();
    private ConversationEngine.Decision decision = ConversationEngine.Decision.NONE;
    /** What the bot's previous message offered, while this event is handled (the session's is cleared). */
    DialogueContext.Offer pendingOffer;

    Turn(ConversationStore store, Session session, Instant now) {
        this.store = store;
        this.session = session;
        this.now = now;
    }

    Session session() {
        return session;
    }

    Lang lang() {
        return session.lang();
    }

    long chatId() {
        return session.chatId();
    }

    ChatState state() {
        return session.state();
    }

    void update(java.util.function.UnaryOperator<Session> change) {
        session = change.apply(session);
    }

    void moveTo(ChatState next) {
        session = session.withState(next);
    }

    void say(String html) {
        say(html, Keyboard.NONE);
    }

    void say(String html, Keyboard keyboard) {
        replies.add(new Outbound.Message(session.chatId(), html, keyboard, null));
    }

    /** The last answer was about this topic: a follow-up with no subject of its own is about it too. */
    void answered(String topicId) {
        session = session.withContext(session.context().answered(topicId));
    }

    /** The reply being sent offers this: a typed "да" accepts it. */
    void offer(DialogueContext.Offer offer) {
        session = session.withContext(session.context().withOffer(offer));
    }

    void record(FunnelEvent.Kind kind) {
        store.record(FunnelEvent.of(session, kind, now));
    }

    void send(Outbound outbound) {
        replies.add(outbound);
    }

    void decide(ConversationEngine.Decision next) {
        decision = next;
    }

    ConversationEngine.Decision decision() {
        return decision;
    }

    List<Outbound> replies() {
        return List.copyOf(replies);
    }
}
