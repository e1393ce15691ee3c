package cmoadvisor.understanding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a chat message as the understanding step compares them: lower case, ё as е, letters and
 * digits (an apostrophe inside a word kept: "let's"), and each pictograph (👍, 🙏) as a word of its own.
 */
final class Words {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M}'’]*|\\p{N}+|\\p{So}");

    private Words() {
    }

    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replace('ё', 'е').replace('’', '\'');
    }

    static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(normalise(text));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    static boolean isLatin(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetter(c) && Character.UnicodeScript.of(c) != Character.UnicodeScript.LATIN) {
                return false;
            }
        }
        return word.chars().anyMatch(Character::isLetter);
    }

    static boolean isCyrillic(String word) {
        return word.chars().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC);
    }
}
