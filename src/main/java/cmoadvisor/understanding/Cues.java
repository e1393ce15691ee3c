package cmoadvisor.understanding;

import java.util.List;

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

    private final List<Cue> cues;

    Cues(List<String> raw) {
        this.cues = raw.stream()
                .map(c -> new Cue(Words.of(c), c.strip().startsWith("*"), c.strip().endsWith("=")))
                .filter(c -> !c.words().isEmpty())
                .toList();
    }

    /** Whether any cue occurs in these words (as {@link Words#of} gives them). */
    boolean foundIn(List<String> words) {
        for (Cue cue : cues) {
            if (occurs(cue, words)) {
                return true;
            }
        }
        return false;
    }

    private static boolean occurs(Cue cue, List<String> words) {
        for (int start = 0; start + cue.words().size() <= words.size(); start++) {
            boolean all = true;
            for (int i = 0; i < cue.words().size() && all; i++) {
                String word = words.get(start + i);
                String part = cue.words().get(i);
                boolean whole = part.length() <= WHOLE_WORD_LENGTH || cue.whole() && i == cue.words().size() - 1;
                all = cue.inside() && i == 0 ? word.contains(part) : whole ? word.equals(part) : word.startsWith(part);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
