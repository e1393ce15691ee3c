package cmoadvisor.understanding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of cue words from the knowledge, each a word beginning ("зарплат" finds "зарплата", "зарплату")
 * or several ("в штат" finds "в штате"); a cue that starts with * is found inside a word ("*сиздер" finds
 * "иштейсиздерби"). A cue of one or two letters, or one that ends with =, is a whole word ("contract="
 * finds "contract" but not "contractors").
 */
final class Cues {
    /** Cues this short are whole words: "вы" is not the beginning of "выбираем". */
    private static final int WHOLE_WORD_LENGTH = 2;

    private record Cue(List<String> words, boolean inside, boolean whole) {
    }

    /** Cues by the first letter of their first word: a message word meets only the cues it could start. */
    private final Map<Character, List<Cue>> byFirstLetter = new HashMap<>();
    private final List<Cue> inside = new ArrayList<>();

    Cues(List<String> raw) {
        for (String c : raw) {
            Cue cue = new Cue(Words.of(c), c.strip().startsWith("*"), c.strip().endsWith("="));
            if (cue.words().isEmpty()) {
                continue;
            }
            if (cue.inside()) {
                inside.add(cue);
            } else {
                byFirstLetter.computeIfAbsent(cue.words().get(0).charAt(0), k -> new ArrayList<>()).add(cue);
            }
        }
    }

    /** Whether any cue occurs in these words (as {@link Words#of} gives them). */
    boolean foundIn(List<String> words) {
        for (int start = 0; start < words.size(); start++) {
            String word = words.get(start);
            for (Cue cue : byFirstLetter.getOrDefault(word.charAt(0), List.of())) {
                if (occursAt(cue, words, start)) {
                    return true;
                }
            }
            for (Cue cue : inside) {
                if (occursAt(cue, words, start)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * As {@link #foundIn}, leaving out a cue turned around by a negation next to it ("нет хаоса", "хаоса
     * нет"); a cue that says the negation itself ("нет стратегии") counts as it is.
     */
    boolean foundUnnegatedIn(List<String> words, Set<String> negations) {
        for (int start = 0; start < words.size(); start++) {
            for (Cue cue : byFirstLetter.getOrDefault(words.get(start).charAt(0), List.of())) {
                if (occursAt(cue, words, start) && (cue.words().stream().anyMatch(negations::contains)
                        || !negatedAround(words, start, cue.words().size(), negations))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean negatedAround(List<String> words, int start, int length, Set<String> negations) {
        for (int i = Math.max(0, start - 2); i < start; i++) {
            if (negations.contains(words.get(i))) {
                return true;
            }
        }
        int after = start + length;
        return after < words.size() && negations.contains(words.get(after));
    }

    private static boolean occursAt(Cue cue, List<String> words, int start) {
        if (start + cue.words().size() > words.size()) {
            return false;
        }
        for (int i = 0; i < cue.words().size(); i++) {
            String word = words.get(start + i);
            String part = cue.words().get(i);
            boolean whole = part.length() <= WHOLE_WORD_LENGTH || cue.whole() && i == cue.words().size() - 1;
            boolean matches = cue.inside() && i == 0 ? word.contains(part) : whole ? word.equals(part) : word.startsWith(part);
            if (!matches) {
                return false;
            }
        }
        return true;
    }
}
