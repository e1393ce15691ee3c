package cmoadvisor.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A light Kyrgyz stemmer: strips plural, possessive, case and question endings, repeatedly, from the end
 * of a word. Kyrgyz endings change their vowel (and often first consonant) to agree with the word:
 * -лар/-лер/-лор/-лөр/-дар/-тар… All variants are generated from a few templates.
 *
 * <p>It is deliberately light. Index and query go through the same stemmer, so what matters is that the
 * forms a prospect types ("стратегиябыз", "стратегияны", "стратегиясы") meet at one stem, not that the
 * stem is the dictionary root. Verb tenses are left alone: their endings (-ат, -ет, -ды) are too short
 * and too ambiguous to strip without merging unrelated words.
 */
public final class KyrgyzStemmer {
    /** Cyrillic and Latin: "CMOну" keeps "cmo" as its stem. */
    private static final String VOWELS = "аеёиоөуүыэюяaeiouy";
    /** Shorter stems lose their meaning ("ай" month, "күн" day): never strip below this. */
    private static final int MIN_STEM = 3;
    private static final int MAX_PASSES = 5;

    /** Templates: A = low vowel (а е о ө), I = high vowel (ы и у ү), D = л/д/т, G = г/к, N = н/д/т. */
    private static final List<String> TEMPLATES = List.of(
            // plural
            "лAр", "дAр", "тAр",
            // possessive: my, your, your (polite), our, your (plural polite), his/her/its
            "Im", "Iң", "IңIз", "ңIз", "IбIз", "бIз", "IңIздAр", "сI",
            // case: genitive, dative, accusative, locative, ablative (after consonants, vowels and possessives)
            "нIн", "дIн", "тIн", "гA", "кA", "нA", "нI", "дI", "тI", "In", "дA", "тA", "ндA",
            "дAн", "тAн", "нAн", "ндAн",
            // "-дагы" (the one in ...), "-ча" (by way of)
            "дAгI", "тAгI", "ндAгI", "чA",
            // question particle and "and ...?" particle
            "бI", "пI", "мI", "чI",
            // verbal noun and its cases: баалоо, жалдоого
            "уу", "үү", "оо", "өө",
            // participle / perfect: өскөн, иштеген
            "гAн", "кAн",
            // converb: иштеп, кирип
            "Iп",
            // single-vowel possessive (3rd person) and dative after a vowel
            "I", "A");

    private static final Set<String> SUFFIXES = buildSuffixes();
    private static final int LONGEST_SUFFIX = SUFFIXES.stream().mapToInt(String::length).max().orElse(0);

    private KyrgyzStemmer() {
    }

    /** Stems a lower-case word; words without Kyrgyz Cyrillic letters and short words come back unchanged. */
    public static String stem(String word) {
        // Russian loanwords drop their soft sign before a Kyrgyz ending: модель → моделдин.
        String current = word.length() > MIN_STEM && word.endsWith("ь") ? word.substring(0, word.length() - 1) : word;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            String next = stripOnce(current);
            if (next.equals(current)) {
                break;
            }
            current = next;
        }
        return unvoiceFinal(current);
    }

    /**
     * Kyrgyz voices a final к/п before a vowel ending: кемчилик → кемчилиги, китеп → китеби. After the
     * ending is gone the stem keeps the voiced letter, so both forms are brought back to the unvoiced one.
     */
    private static String unvoiceFinal(String stem) {
        if (stem.length() < MIN_STEM) {
            return stem;
        }
        char last = stem.charAt(stem.length() - 1);
        char unvoiced = switch (last) {
            case 'г' -> 'к';
            case 'б' -> 'п';
            default -> last;
        };
        return unvoiced == last ? stem : stem.substring(0, stem.length() - 1) + unvoiced;
    }

    /** Strips the longest known ending that leaves a stem of at least three letters with a vowel. */
    private static String stripOnce(String word) {
        for (int length = Math.min(LONGEST_SUFFIX, word.length() - MIN_STEM); length > 0; length--) {
            String stem = word.substring(0, word.length() - length);
            if (SUFFIXES.contains(word.substring(word.length() - length)) && hasVowel(stem)) {
                return stem;
            }
        }
        return word;
    }

    private static boolean hasVowel(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (VOWELS.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** All concrete endings, every vowel-harmony variant spelled out. */
    private static Set<String> buildSuffixes() {
        Set<String> all = new LinkedHashSet<>();
        for (String template : TEMPLATES) {
            expand(template, 0, new StringBuilder(), all);
        }
        // People often type without ң ө ү; endings typed that way must strip as well.
        for (String suffix : new ArrayList<>(all)) {
            all.add(LetterFolding.fold(suffix));
        }
        return Set.copyOf(all);
    }

    private static void expand(String template, int index, StringBuilder prefix, Set<String> out) {
        if (index == template.length()) {
            out.add(prefix.toString());
            return;
        }
        char c = template.charAt(index);
        String options = switch (c) {
            case 'A' -> "аеоө";
            case 'I' -> "ыиуү";
            default -> String.valueOf(c);
        };
        for (char option : options.toCharArray()) {
            prefix.append(option);
            expand(template, index + 1, prefix, out);
            prefix.setLength(prefix.length() - 1);
        }
    }
}
