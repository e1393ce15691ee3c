package cmoadvisor.understanding;

import cmoadvisor.knowledge.Dialogue;
import cmoadvisor.knowledge.DialogueAct;
import cmoadvisor.knowledge.Lang;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the dialogue acts of a message from the examples in dialogue.yaml. A message is cut into clauses
 * at punctuation ("Ясно, благодарю" is two); an example matches a clause that holds its words in order,
 * with at most the act's number of other words. A greeting or thanks at the start of a longer clause is
 * also found ("Здравствуйте сколько стоит ретейнер"), and the clauses no act explains are the message's
 * content: what is left to answer from the knowledge.
 *
 * <p>Why not lucene-classification: its classifiers score whole texts against a training index and always
 * return a class; here a clause either holds an example or it does not, the examples are a handful per
 * act, and the words that are not the act must be kept apart to be answered.
 */
final class ActClassifier {
    private static final Pattern CLAUSE = Pattern.compile("[.,!?;:…\\n()«»\"“”]+|\\s[-—–]+\\s|\\s[-—–]+$|^[-—–]+\\s");
    /** Acts that may open a clause that goes on with a question. */
    private static final Set<DialogueAct> OPENERS = EnumSet.of(DialogueAct.GREET, DialogueAct.THANKS);

    private record Example(DialogueAct act, Lang lang, List<String> words) {
    }

    /** What the classifier found: the acts with the language of each match, and the unexplained clauses. */
    record Result(Map<DialogueAct, Set<Lang>> acts, List<String> content) {
    }

    /** The most letters of an ending a word may have beyond an example's word ("спасибо" → "спасибочки"). */
    private static final int MAX_ENDING = 3;
    /** Example words this long forgive a one-letter typo ("здраствуйте"). */
    private static final int MIN_TYPO_LENGTH = 7;
    /** An opener is a greeting or thanks of at most this many words. */
    private static final int MAX_OPENER_WORDS = 4;

    private final List<Example> examples = new ArrayList<>();
    private final Map<String, java.util.BitSet> examplesByWord = new java.util.HashMap<>();
    private final Map<Character, java.util.SortedSet<String>> longWordsByFirstLetter = new java.util.HashMap<>();
    private final Map<DialogueAct, Integer> maxExtra = new EnumMap<>(DialogueAct.class);
    private final Map<DialogueAct, Cues> unless = new EnumMap<>(DialogueAct.class);
    private final Set<String> functionWords;

    ActClassifier(Dialogue dialogue, Set<String> functionWords) {
        this.functionWords = functionWords;
        for (DialogueAct act : DialogueAct.values()) {
            Dialogue.Act spec = dialogue.act(act);
            maxExtra.put(act, spec.maxExtraWords());
            unless.put(act, new Cues(spec.unless()));
            spec.examples().forEach((lang, texts) -> texts.forEach(text -> {
                List<String> words = Words.of(text);
                if (!words.isEmpty()) {
                    examples.add(new Example(act, lang, words));
                }
            }));
        }
        for (int i = 0; i < examples.size(); i++) {
            for (String word : examples.get(i).words()) {
                examplesByWord.computeIfAbsent(word, w -> new java.util.BitSet()).set(i);
                if (word.length() >= MIN_TYPO_LENGTH) {
                    longWordsByFirstLetter.computeIfAbsent(word.charAt(0), c -> new java.util.TreeSet<>()).add(word);
                }
            }
        }
    }

    /**
     * The examples a clause may hold: those with a word the clause has, by the same rules as
     * {@link #sameWord} (the word itself, the word less an ending, a one-letter typo of a long word), found
     * through the index of example words instead of trying every example on every clause.
     */
    private java.util.BitSet candidates(List<String> words) {
        java.util.BitSet found = new java.util.BitSet();
        for (String word : words) {
            for (int cut = 0; cut <= MAX_ENDING && cut < word.length(); cut++) {
                java.util.BitSet withWord = examplesByWord.get(word.substring(0, word.length() - cut));
                if (withWord != null) {
                    found.or(withWord);
                }
            }
            if (word.length() >= MIN_TYPO_LENGTH - 1) {
                for (String example : longWordsByFirstLetter.getOrDefault(word.charAt(0), java.util.Collections.emptySortedSet())) {
                    if (Math.abs(example.length() - word.length()) <= 1 && sameWord(word, example)) {
                        found.or(examplesByWord.get(example));
                    }
                }
            }
        }
        return found;
    }

    /**
     * @param text     the message as typed
     * @param variants other spellings of the same message (the Cyrillic of a Latin one), clause by clause
     *                 aligned with the original when they cut the same way
     */
    Result classify(String text, String variant) {
        Map<DialogueAct, Set<Lang>> acts = new EnumMap<>(DialogueAct.class);
        List<String> content = new ArrayList<>();
        List<String> clauses = clauses(text);
        List<String> variantClauses = variant == null ? null : clauses(variant);
        boolean aligned = variantClauses != null && variantClauses.size() == clauses.size();
        for (int i = 0; i < clauses.size(); i++) {
            String clause = clauses.get(i);
            List<String> words = Words.of(clause);
            if (words.isEmpty()) {
                continue;
            }
            List<String> alt = aligned ? Words.of(variantClauses.get(i)) : null;
            int explained = match(words, acts);
            if (alt != null) {
                explained = Math.max(explained, match(alt, acts));
            }
            if (explained == words.size()) {
                continue;
            }
            int opener = opener(words, acts);
            if (alt != null) {
                opener = Math.max(opener, opener(alt, acts));
            }
            content.add(opener > 0 ? String.join(" ", clauseTail(clause, opener)) : clause.strip());
        }
        return new Result(acts, content);
    }

    /** The clauses of a text, each with the punctuation that ends it ("?" tells a question from a story). */
    private static List<String> clauses(String text) {
        List<String> clauses = new ArrayList<>();
        java.util.regex.Matcher m = CLAUSE.matcher(text);
        int start = 0;
        while (m.find()) {
            clauses.add(text.substring(start, m.start()) + m.group().strip());
            start = m.end();
        }
        clauses.add(text.substring(start));
        return clauses;
    }

    /**
     * The acts whose examples this clause holds; returns how many of its words the acts explain — all of
     * them when some example matches within its act's allowance, so that the clause needs no answer.
     */
    private int match(List<String> words, Map<DialogueAct, Set<Lang>> acts) {
        int explained = 0;
        java.util.BitSet candidates = candidates(words);
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            Example example = examples.get(i);
            if (words.size() < example.words().size() || !containsInOrder(words, example.words())
                    || extraWords(words, example.words()) > maxExtra.get(example.act())
                    || unless.get(example.act()).foundIn(words)) {
                continue;
            }
            acts.computeIfAbsent(example.act(), a -> EnumSet.noneOf(Lang.class)).add(example.lang());
            if (example.act().isSmallTalk() || isAnswerToOffer(example.act())) {
                explained = words.size();
            }
        }
        return explained;
    }

    private static boolean isAnswerToOffer(DialogueAct act) {
        return act == DialogueAct.AFFIRM || act == DialogueAct.DENY;
    }

    /** A greeting or thanks that opens a clause which goes on: the number of its words, or 0. */
    private int opener(List<String> words, Map<DialogueAct, Set<Lang>> acts) {
        int longest = 0;
        java.util.BitSet candidates = candidates(words.subList(0, Math.min(words.size(), MAX_OPENER_WORDS)));
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            Example example = examples.get(i);
            if (!OPENERS.contains(example.act()) || example.words().size() >= words.size()) {
                continue;
            }
            boolean prefix = true;
            for (int w = 0; w < example.words().size() && prefix; w++) {
                prefix = sameWord(words.get(w), example.words().get(w));
            }
            if (prefix && example.words().size() > longest) {
                longest = example.words().size();
                acts.computeIfAbsent(example.act(), a -> EnumSet.noneOf(Lang.class)).add(example.lang());
            }
        }
        return longest;
    }

    /** The clause without its first {@code skip} words, in its own spelling. */
    private static List<String> clauseTail(String clause, int skip) {
        String[] parts = clause.strip().split("\\s+");
        List<String> tail = new ArrayList<>();
        int seen = 0;
        for (String part : parts) {
            if (seen >= skip) {
                tail.add(part);
            } else if (!Words.of(part).isEmpty()) {
                seen++;
            }
        }
        return tail;
    }

    /** The clause's words that carry meaning and are not the example's. */
    private int extraWords(List<String> words, List<String> example) {
        int extra = 0;
        int at = 0;
        for (String word : words) {
            if (at < example.size() && sameWord(word, example.get(at))) {
                at++;
            } else if (!functionWords.contains(word)) {
                extra++;
            }
        }
        return extra;
    }

    private static boolean containsInOrder(List<String> words, List<String> example) {
        int at = 0;
        for (String word : words) {
            if (at < example.size() && sameWord(word, example.get(at))) {
                at++;
            }
        }
        return at == example.size();
    }

    /**
     * The same word, allowing an ending ("менеджером" for "менеджер", "спасибочки" for "спасибо") and a
     * typo in a long word ("здраствуйте"). Short words must be exact: "да" is not "дай", "пока" not "покажите".
     */
    static boolean sameWord(String word, String example) {
        if (word.equals(example)) {
            return true;
        }
        int length = example.length();
        int ending = length >= 5 ? MAX_ENDING : length == 4 ? 2 : 0;
        if (ending > 0 && word.startsWith(example) && word.length() - length <= ending) {
            return true;
        }
        return length >= MIN_TYPO_LENGTH && word.length() >= length - 1 && cmoadvisor.search.EditDistance.atMost(word, example, 1);
    }
}
