package cmoadvisor.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a chat is in a conversation. Stored with the session, so that a restart resumes a quiz or a
 * hand-off where it was. Every flow declares its own states here; unknown input in any state gets that
 * flow's polite fallback.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ChatState.Idle.class, name = "idle"),
        @JsonSubTypes.Type(value = ChatState.InQuiz.class, name = "quiz"),
        @JsonSubTypes.Type(value = ChatState.AwaitingSalary.class, name = "salary"),
        @JsonSubTypes.Type(value = ChatState.CapturingLead.class, name = "lead"),
        @JsonSubTypes.Type(value = ChatState.Relaying.class, name = "relay"),
        @JsonSubTypes.Type(value = ChatState.ConfirmingForget.class, name = "forget")
})
public sealed interface ChatState {

    /** Free questions are answered from the knowledge. */
    record Idle() implements ChatState {
    }

    /** Answering the readiness quiz: the index of the current question and the choices so far. */
    record InQuiz(int step, Map<String, String> answers) implements ChatState {
        public InQuiz {
            answers = Map.copyOf(answers);
        }

        InQuiz answer(String questionId, String choiceId) {
            Map<String, String> next = new LinkedHashMap<>(answers);
            next.put(questionId, choiceId);
            return new InQuiz(step + 1, next);
        }
    }

    /** The cost calculator waits for an in-house salary. */
    record AwaitingSalary() implements ChatState {
    }

    /** Collecting contact details for a hand-off, one step at a time. */
    record CapturingLead(LeadStep step, LeadDraft draft) implements ChatState {
    }

    /**
     * A person at the agency has the conversation: messages go to them, the bot does not answer.
     *
     * @param lastActivity when the agency last answered (or the lead was saved)
     * @param waitingSince the prospect's first message since then, which nobody answered yet; null when none
     */
    record Relaying(long leadId, Instant lastActivity, Instant waitingSince) implements ChatState {
        public Relaying(long leadId, Instant lastActivity) {
            this(leadId, lastActivity, null);
        }

        Relaying waitingFrom(Instant at) {
            return new Relaying(leadId, lastActivity, at);
        }
    }

    /** /forget asked for confirmation. */
    record ConfirmingForget() implements ChatState {
    }

    enum LeadStep { PHONE, NAME, COMPANY, CONSENT }

    /** What the hand-off has collected so far. */
    /** @param phoneAskedAgain a number that is not valid was asked for once more (it is not asked twice) */
    record LeadDraft(String phone, String name, String company, boolean phoneAskedAgain) {
        static final LeadDraft EMPTY = new LeadDraft(null, null, null, false);

        public LeadDraft(String phone, String name, String company) {
            this(phone, name, company, false);
        }

        LeadDraft withPhone(String value) {
            return new LeadDraft(value, name, company, phoneAskedAgain);
        }

        LeadDraft withName(String value) {
            return new LeadDraft(phone, value, company, phoneAskedAgain);
        }

        LeadDraft withCompany(String value) {
            return new LeadDraft(phone, name, value, phoneAskedAgain);
        }

        LeadDraft askingPhoneAgain() {
            return new LeadDraft(phone, name, company, true);
        }
    }
}
