package cmoadvisor.understanding;

import cmoadvisor.knowledge.Dialogue.AmountKind;
import cmoadvisor.knowledge.DialogueAct;
import cmoadvisor.knowledge.Lang;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one message says, before the dialogue policy decides what to do with it.
 *
 * @param lang          the language to answer in, or empty when the message shows none ("ok", "5000")
 * @param searchLang    the language whose words the content is in (Kazakh is searched as Kyrgyz)
 * @param content       what is left to answer from the knowledge once small talk is taken out, in Cyrillic
 *                      when it was typed in Latin letters, misspellings put right; empty when nothing is left
 * @param typedContent  the same before misspellings were put right
 * @param acts          the dialogue acts found
 * @param money         the amounts of money, in order
 * @param moneyKind     what the amounts are about (a salary, a turnover...), or empty when no cue says
 * @param hours         a number of hours ("20 саат", "10 часов"), or empty
 * @param daysPerWeek   a number of days a week ("2 дня в неделю"), or empty
 * @param agencyFact    a question about the agency itself that the article does not answer
 * @param agencyMaybe   it may be one (a weak cue and "вы"): declined unless the knowledge answers it well
 * @param offTopic      a question about something other than the bot's subject
 * @param kazakh        written in Kazakh: understood, answered in Russian
 * @param perYear       the amounts are yearly ("годовой оборот 600 млн тенге")
 * @param signs         the quiz questions (by id) whose sign the message states ("стратегии нет")
 * @param city          the city the business is in, as dialogue.yaml names it, or empty
 */
public record Understanding(String text, Optional<Lang> lang, Lang searchLang, String content, String typedContent,
                            Set<DialogueAct> acts,
                            List<Money.Amount> money, Optional<AmountKind> moneyKind, Optional<Integer> hours,
                            Optional<Integer> daysPerWeek, boolean perYear, boolean agencyFact, boolean agencyMaybe,
                            boolean offTopic, boolean kazakh, Set<String> signs, Optional<String> city) {

    public Understanding {
        acts = Set.copyOf(acts);
        money = List.copyOf(money);
        signs = Set.copyOf(signs);
    }

    public boolean has(DialogueAct act) {
        return acts.contains(act);
    }

    public boolean hasContent() {
        return !content.isBlank();
    }

    /** The amount the message is about: the one in dollars when it gives two ("400 000 сом (около $4 500)"). */
    public Optional<Money.Amount> mainAmount() {
        return money.stream().filter(a -> a.currency() == Money.Currency.USD).findFirst()
                .or(() -> money.stream().findFirst());
    }
}
