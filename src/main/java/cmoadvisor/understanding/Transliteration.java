package cmoadvisor.understanding;

import com.ibm.icu.text.Transliterator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Russian and Kyrgyz typed in Latin letters, as people type them in chats ("skolko stoit", "tyshky CMO
 * kancha turat"), back into Cyrillic. ICU's own Latin-Cyrillic follows ISO 9, which nobody types; the
 * chat conventions (sh, ch, zh, ya, y for ы, j for ж) are ICU rules of our own in
 * {@code chat-latin-cyrillic.txt}. Words that the knowledge itself writes in Latin (CMO, KPI, roadmap)
 * are left as they are.
 */
final class Transliteration {
    private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-zÖÜÑöüñ']+");
    /** Compiled on the first Latin message, not at start: ICU's classes and the rules take a tenth of a second. */
    private static final class Rules {
        static final Transliterator CHAT = Transliterator.createFromRules("chat-latin-cyrillic",
                resource("chat-latin-cyrillic.txt"), Transliterator.FORWARD);
    }

    private final Set<String> keptInLatin;

    Transliteration(Set<String> keptInLatin) {
        this.keptInLatin = Set.copyOf(keptInLatin);
    }

    /** Whether the knowledge writes this word in Latin letters itself (CMO, KPI). */
    boolean keepsInLatin(String word) {
        return keptInLatin.contains(Words.normalise(word));
    }

    String toCyrillic(String text) {
        Matcher m = LATIN_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            String replacement = keptInLatin.contains(Words.normalise(word)) ? word
                    : Rules.CHAT.transliterate(" " + Words.normalise(word) + " ").strip();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = Transliteration.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
