package cmoadvisor.search;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;

/** Applies {@link LetterFolding} to each token, in place. */
final class LetterFoldingFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final boolean kyrgyzLetters;

    /** @param kyrgyzLetters also fold ң ө ү; otherwise only ё → е */
    LetterFoldingFilter(TokenStream input, boolean kyrgyzLetters) {
        super(input);
        this.kyrgyzLetters = kyrgyzLetters;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        char[] buffer = term.buffer();
        for (int i = 0; i < term.length(); i++) {
            char c = buffer[i];
            if (kyrgyzLetters) {
                buffer[i] = LetterFolding.fold(c);
            } else if (c == 'ё') {
                buffer[i] = 'е';
            }
        }
        return true;
    }
}
