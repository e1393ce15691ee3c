package cmoadvisor.search;

import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Splits text into runs of letters and digits. Chat questions in Kyrgyz, Russian and English need nothing
 * more, and this small tokenizer starts far faster than the Unicode-rules StandardTokenizer, which the JVM
 * would otherwise interpret through most of the start-up.
 */
final class WordTokenizer extends CharTokenizer {
    @Override
    protected boolean isTokenChar(int c) {
        return Character.isLetterOrDigit(c);
    }
}
