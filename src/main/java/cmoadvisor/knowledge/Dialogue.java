package cmoadvisor.knowledge;

import java.util.List;
import java.util.Map;

/**
 * {@code dialogue.yaml}, validated: example phrasings and replies of each dialogue act, and the cue words
 * that tell what an amount is about, whether a question asks about the agency itself, or about something
 * other than the bot's subject. Cues are lower-case word beginnings; "*x" matches inside a word.
 */
public record Dialogue(Map<DialogueAct, Act> acts, Map<AmountKind, List<String>> amountCues, AgencyCues agency,
                       OffTopicCues offTopic, Map<String, List<String>> signCues, List<String> cities,
                       Map<String, String> kazakhWords) {

    public Dialogue {
        acts = Map.copyOf(acts);
        amountCues = Map.copyOf(amountCues);
        signCues = Map.copyOf(signCues);
        cities = List.copyOf(cities);
        kazakhWords = Map.copyOf(kazakhWords);
    }

    /** One act: its phrasings per language, how many other words a matching clause may hold, its replies. */
    public record Act(Map<Lang, List<String>> examples, int maxExtraWords, List<String> unless,
                      Map<Lang, List<String>> replies) {
        public Act {
            examples = Map.copyOf(examples);
            unless = List.copyOf(unless);
            replies = Map.copyOf(replies);
        }

        public List<String> replies(Lang lang) {
            return replies.getOrDefault(lang, List.of());
        }
    }

    /** What an amount of money or time in a message is about, in the order the cues are tried. */
    public enum AmountKind {
        TURNOVER("turnover"), IN_HOUSE_TOTAL("in_house_total"), SALARY("salary"), IN_HOUSE("in_house"),
        PAY("pay"), COST_ITEM("cost_item"), BUDGET("budget"), PER_YEAR("per_year"), HOURS("hours"), DAYS("days");

        public final String id;

        AmountKind(String id) {
            this.id = id;
        }
    }

    public record AgencyCues(List<String> strong, List<String> weak, List<String> addressee, List<String> answeredBy) {
        public AgencyCues {
            strong = List.copyOf(strong);
            weak = List.copyOf(weak);
            addressee = List.copyOf(addressee);
            answeredBy = List.copyOf(answeredBy);
        }
    }

    public record OffTopicCues(List<String> subjects, List<String> anchors) {
        public OffTopicCues {
            subjects = List.copyOf(subjects);
            anchors = List.copyOf(anchors);
        }
    }

    public Act act(DialogueAct act) {
        return acts.get(act);
    }
}
