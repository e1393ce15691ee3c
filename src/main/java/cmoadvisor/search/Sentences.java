package cmoadvisor.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sentences of a chat message, and which of them ask. */
final class Sentences {
    private static final Pattern SENTENCE = Pattern.compile("[^.!?…\\n]+[.!?…\\n]*");

    private Sentences() {
    }

    static List<String> of(String text) {
        List<String> sentences = new ArrayList<>();
        Matcher m = SENTENCE.matcher(text);
        while (m.find()) {
            String sentence = m.group().strip();
            if (sentence.chars().anyMatch(Character::isLetter)) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }

    /**
     * The sentences that end with a question mark, or the last one when none does; "" for a message of
     * one sentence, which is its own question.
     */
    static String question(String text) {
        List<String> sentences = of(text);
        if (sentences.size() < 2) {
            return "";
        }
        List<String> asking = sentences.stream().filter(s -> s.endsWith("?")).toList();
        return asking.isEmpty() ? sentences.get(sentences.size() - 1) : String.join(" ", asking);
    }
}
