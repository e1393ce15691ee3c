package cmoadvisor.knowledge;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a message does besides asking a question. The ids are the keys of {@code dialogue.yaml}; small-talk
 * acts have replies there, the others start a flow or answer the bot's own offer.
 */
public enum DialogueAct {
    GREET("greet", true),
    THANKS("thanks", true),
    BYE("bye", true),
    IDENTITY("identity", true),
    CAPABILITIES("capabilities", true),
    ACKNOWLEDGE("acknowledge", true),
    AFFIRM("affirm", false),
    DENY("deny", false),
    ASK_HUMAN("ask_human", false),
    ASK_QUIZ("ask_quiz", false),
    ASK_PRICES("ask_prices", false),
    ASK_CALCULATOR("ask_calculator", false),
    OBJECTION("objection", true);

    public final String id;
    /** Whether dialogue.yaml must give replies for it in every language. */
    public final boolean hasReplies;

    DialogueAct(String id, boolean hasReplies) {
        this.id = id;
        this.hasReplies = hasReplies;
    }

    public static Optional<DialogueAct> of(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    /** Greetings, thanks and the like: the whole message needs no answer from the knowledge. */
    public boolean isSmallTalk() {
        return this == GREET || this == THANKS || this == BYE || this == IDENTITY || this == CAPABILITIES
                || this == ACKNOWLEDGE;
    }
}
