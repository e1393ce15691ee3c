package cmoadvisor.conversation;

import cmoadvisor.knowledge.Dialogue.AmountKind;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the conversation is about, kept with the session so that a follow-up with no subject ("а сколько
 * это стоит?", "да", "а если 7000?") is understood, and what the prospect told about the business.
 *
 * @param lastTopic   the topic of the last answer, for follow-ups that name no subject
 * @param offer       what the bot's last message offered, for a typed "да" or "нет", or null
 * @param amountKind  what the last amount was about (a salary...), for "а если 7000?", or null
 * @param declined    whether the last reply was "I don't know", to say it differently a second time
 * @param facts       what the prospect said about the business
 * @param lastSeen    when the prospect last wrote or pressed a button (a reminder to one who stopped is
 *                    sent only if nothing came after it)
 * @param remindedAt  when the prospect was last reminded, until they answer (to count what reminders bring)
 */
public record DialogueContext(String lastTopic, Offer offer, AmountKind amountKind, boolean declined, Facts facts,
                              java.time.Instant lastSeen, java.time.Instant remindedAt) {
    static final DialogueContext EMPTY = new DialogueContext(null, null, null, false, Facts.NONE, null, null);

    public DialogueContext(String lastTopic, Offer offer, AmountKind amountKind, boolean declined, Facts facts) {
        this(lastTopic, offer, amountKind, declined, facts, null, null);
    }

    public DialogueContext {
        facts = facts == null ? Facts.NONE : facts;
    }

    /** What a typed "yes" accepts. */
    public enum Offer { HUMAN, QUIZ, CALCULATOR, PRICES }

    /**
     * The business as the prospect described it: the turnover as they wrote it, the city, and the quiz
     * answers their messages already gave (question id → choice id), offered when the quiz starts.
     */
    public record Facts(String turnover, String city, Map<String, String> quizAnswers) {
        static final Facts NONE = new Facts(null, null, Map.of());

        public Facts {
            quizAnswers = quizAnswers == null ? Map.of() : Map.copyOf(quizAnswers);
        }

        boolean isEmpty() {
            return turnover == null && city == null && quizAnswers.isEmpty();
        }

        Facts withTurnover(String next) {
            return new Facts(next, city, quizAnswers);
        }

        Facts withCity(String next) {
            return new Facts(turnover, next, quizAnswers);
        }

        Facts withAnswer(String questionId, String choiceId) {
            Map<String, String> next = new LinkedHashMap<>(quizAnswers);
            next.put(questionId, choiceId);
            return new Facts(turnover, city, next);
        }
    }

    DialogueContext withOffer(Offer next) {
        return new DialogueContext(lastTopic, next, amountKind, declined, facts, lastSeen, remindedAt);
    }

    DialogueContext answered(String topic) {
        return new DialogueContext(topic, null, amountKind, false, facts, lastSeen, remindedAt);
    }

    DialogueContext withDeclined(boolean next) {
        return new DialogueContext(lastTopic, offer, amountKind, next, facts, lastSeen, remindedAt);
    }

    DialogueContext withAmountKind(AmountKind next) {
        return new DialogueContext(lastTopic, offer, next, declined, facts, lastSeen, remindedAt);
    }

    DialogueContext withFacts(Facts next) {
        return new DialogueContext(lastTopic, offer, amountKind, declined, next, lastSeen, remindedAt);
    }

    DialogueContext seen(java.time.Instant at) {
        return new DialogueContext(lastTopic, offer, amountKind, declined, facts, at, remindedAt);
    }

    DialogueContext reminded(java.time.Instant at) {
        return new DialogueContext(lastTopic, offer, amountKind, declined, facts, lastSeen, at);
    }
}
