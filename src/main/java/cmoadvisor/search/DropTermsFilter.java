package cmoadvisor.search;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;

import java.io.IOException;

/**
 * Drops function words after stemming and synonyms. It runs last so that a stop word can still take part
 * in a multi-word synonym ("директор по маркетингу"), and a synonym's output is never dropped. Positions
 * are not kept: the search treats a question as a bag of words.
 */
final class DropTermsFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);
    private final CharArraySet stopTerms;

    DropTermsFilter(TokenStream input, CharArraySet stopTerms) {
        super(input);
        this.stopTerms = stopTerms;
    }

    @Override
    public boolean incrementToken() throws IOException {
        while (input.incrementToken()) {
            boolean synonym = SynonymGraphFilter.TYPE_SYNONYM.equals(type.type());
            if (synonym || !stopTerms.contains(term.buffer(), 0, term.length())) {
                return true;
            }
        }
        return false;
    }
}
