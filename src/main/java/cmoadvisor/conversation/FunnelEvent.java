package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;

import java.time.Instant;

/**
 * A step a prospect took, recorded for the admins' funnel: started → asked a question → started the quiz →
 * finished it → qualified → left contacts → lead taken → done. Questions the bot declined or answered
 * unsure of itself keep their text, so that admins see which topic to write next.
 */
public record FunnelEvent(long chatId, Kind kind, String source, Lang lang, String topic, String text, Instant at) {

    public enum Kind { STARTED, ANSWERED, DECLINED, UNSURE, QUIZ_STARTED, QUIZ_FINISHED, QUALIFIED, LEFT_CONTACTS,
        LEAD_TAKEN, LEAD_DONE,
        /** A prospect who stopped in the quiz or at the phone step was reminded; and came back after it. */
        REMINDED, CAME_BACK }

    static FunnelEvent of(Session session, Kind kind, Instant at) {
        return new FunnelEvent(session.chatId(), kind, session.source(), session.lang(), null, null, at);
    }

    /**
     * A question, its text folded to lower case with single spaces so that the same question typed
     * differently counts as one (SQLite's LOWER() folds only ASCII, so the database cannot do it).
     */
    static FunnelEvent question(Session session, Kind kind, String topic, String text, Instant at) {
        String folded = text == null ? null : text.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
        return new FunnelEvent(session.chatId(), kind, session.source(), session.lang(), topic, folded, at);
    }

    static FunnelEvent ofLead(Lead lead, Kind kind, Instant at) {
        return new FunnelEvent(lead.chatId(), kind, lead.source(), lead.lang(), null, null, at);
    }
}
