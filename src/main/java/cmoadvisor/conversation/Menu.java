package cmoadvisor.conversation;

import cmoadvisor.knowledge.FollowUps;
import cmoadvisor.knowledge.Lang;

import java.util.List;

/** The stable ids of the menu's buttons, and the buttons themselves. */
final class Menu {
    static final String ASK = "menu:ask";
    static final String QUIZ = "menu:quiz";
    static final String PRICES = "menu:prices";
    static final String HUMAN = "menu:human";
    static final String CALCULATOR = "menu:calc";
    static final String NO_THANKS = "menu:no";
    static final String LANGUAGE_PREFIX = "lang:";
    static final String FORGET_YES = "forget:yes";
    static final String FORGET_NO = "forget:no";

    private Menu() {
    }

    static Keyboard keyboard(Phrases phrases, Lang lang) {
        return Keyboard.Buttons.column(List.of(
                new Button(ASK, phrases.plain("btn_ask", lang)),
                new Button(QUIZ, phrases.plain("btn_quiz", lang)),
                new Button(PRICES, phrases.plain("btn_prices", lang)),
                new Button(HUMAN, phrases.plain("btn_human", lang))));
    }

    static Button followUp(FollowUps.Action action, Phrases phrases, Lang lang) {
        return switch (action) {
            case QUIZ -> new Button(QUIZ, phrases.plain("btn_quiz", lang));
            case PRICES -> new Button(PRICES, phrases.plain("btn_prices", lang));
            case CALCULATOR -> new Button(CALCULATOR, phrases.plain("btn_calculator", lang));
            case HUMAN -> new Button(HUMAN, phrases.plain("btn_human", lang));
        };
    }

    static Keyboard languages() {
        return new Keyboard.Buttons(List.of(List.of(
                new Button(LANGUAGE_PREFIX + "ky", "Кыргызча"),
                new Button(LANGUAGE_PREFIX + "ru", "Русский"),
                new Button(LANGUAGE_PREFIX + "en", "English"))));
    }
}
