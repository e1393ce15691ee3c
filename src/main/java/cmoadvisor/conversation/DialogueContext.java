package cmoadvisor.conversation;

import cmoadvisor.knowledge.Dialogue.AmountKind;

/**
 * What the conversation is about, kept with the session so that a follow-up with no subject ("а сколько
 * это стоит?", "да", "а если 7000?") is understood.
 *
 * @param lastTopic   the topic of the last answer, for follow-ups that name no subject
 * @param offer       what the bot's last message offered, for a typed "да" or "нет", or null
 * @param amountKind  what the last amount was about (a salary...), for "а если 7000?", or null
 * @param declined    whether the last reply was "I don't know", to say it differently a second time
 * @param turnover    the monthly turnover the prospect gave, as they wrote it, or null
 */
public record DialogueContext(String lastTopic, Offer offer, AmountKind amountKind, boolean declined, String turnover) {
    static final DialogueContext EMPTY = new DialogueContext(null, null, null, false, null);

    /** What a typed "yes" accepts. */
    public enum Offer { HUMAN, QUIZ, CALCULATOR }

    DialogueContext withOffer(Offer next) {
        return new DialogueContext(lastTopic, next, amountKind, declined, turnover);
    }

    DialogueContext answered(String topic) {
        return new DialogueContext(topic, null, amountKind, false, turnover);
    }

    DialogueContext withDeclined(boolean next) {
        return new DialogueContext(lastTopic, offer, amountKind, next, turnover);
    }

    DialogueContext withAmountKind(AmountKind next) {
        return new DialogueContext(lastTopic, offer, next, declined, turnover);
    }

    DialogueContext withTurnover(String next) {
        return new DialogueContext(lastTopic, offer, amountKind, declined, next);
    }
}
