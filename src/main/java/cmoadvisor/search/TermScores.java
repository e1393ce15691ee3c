package cmoadvisor.search;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.SmallFloat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lucene's BM25 scores of the topic index, worked out with its own figures (postings, norms, statistics)
 * once per term instead of by an {@code IndexSearcher} at every question. The index holds a few hundred
 * documents and never changes, and a search of it was mostly Lucene's set-up for each of a question's
 * forty-odd clauses (a weight, a postings reader and a table of 256 norms each): about a fifth of the bot's
 * CPU under load, where scoring the matches was a tenth of that. The scores are Lucene's to the bit: the
 * same float operations in the same order as {@code BM25Similarity}'s scorer, clauses of the same term and
 * field joined by summing their boosts as {@code BooleanQuery} rewrites them, and each document's clause
 * scores summed in a double (which holds the sum of these floats exactly, whatever the order) and then
 * rounded to a float, as Lucene's disjunctions do. {@code TermScoresTest} compares every hit and score
 * with Lucene's own search over the same index.
 */
final class TermScores {
    private static final float[] LENGTH_TABLE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            LENGTH_TABLE[i] = SmallFloat.byte4ToInt((byte) i);
        }
    }

    private final DirectoryReader reader;
    private final float k1;
    private final float b;
    private final int maxDoc;
    private final Map<String, Field> fields = new ConcurrentHashMap<>();
    private final Map<FieldTerm, Postings> postings = new ConcurrentHashMap<>();

    /** A term of a field. */
    record FieldTerm(String field, String term) {
    }

    /** A term of a field and its boost: one SHOULD clause of the query Lucene would run. */
    record Clause(FieldTerm term, float boost) {
    }

    /** A field's statistics: how BM25 weighs a document's length in it, per encoded norm. */
    private record Field(float[] normInverse, long docCount) {
    }

    /**
     * A term's documents in a field, with each one's {@code 1 + freq / norm} as BM25 divides by it, and the
     * term's idf; no documents for a term the field does not hold.
     */
    private record Postings(int[] docs, float[] divisors, float idf) {
    }

    TermScores(DirectoryReader reader, float k1, float b) {
        this.reader = reader;
        this.k1 = k1;
        this.b = b;
        this.maxDoc = reader.maxDoc();
    }

    /** A scored document. */
    record Scored(int doc, float score) {
    }

    /**
     * The best {@code limit} documents {@code accepted} by their BM25 scores for these clauses, best first,
     * ties by document order: what an {@code IndexSearcher} gives for a filter and these clauses as SHOULD
     * (each a {@code BoostQuery} of a {@code TermQuery}) with at least one matching.
     */
    List<Scored> top(List<Clause> query, java.util.function.IntPredicate accepted, int limit) {
        // BooleanQuery#rewrite: repeated clauses become one, their boosts summed in a double.
        Map<FieldTerm, Double> clauses = new java.util.LinkedHashMap<>();
        for (Clause clause : query) {
            clauses.merge(clause.term(), (double) clause.boost(), Double::sum);
        }
        double[] sums = new double[maxDoc];
        boolean[] matched = new boolean[maxDoc];
        for (Map.Entry<FieldTerm, Double> clause : clauses.entrySet()) {
            Postings term = postings(clause.getKey());
            float weight = clause.getValue().floatValue() * term.idf();
            for (int i = 0; i < term.docs().length; i++) {
                int doc = term.docs()[i];
                if (accepted.test(doc)) {
                    sums[doc] += weight - weight / term.divisors()[i];
                    matched[doc] = true;
                }
            }
        }
        List<Scored> scored = new ArrayList<>();
        for (int doc = 0; doc < maxDoc; doc++) {
            if (matched[doc]) {
                scored.add(new Scored(doc, (float) sums[doc]));
            }
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score()).thenComparingInt(Scored::doc));
        return scored.size() > limit ? List.copyOf(scored.subList(0, limit)) : scored;
    }

    private Postings postings(FieldTerm term) {
        return postings.computeIfAbsent(term, this::read);
    }

    private Field field(String name) {
        return fields.computeIfAbsent(name, this::readField);
    }

    private Field readField(String name) {
        try {
            long docCount = 0;
            long sumTotalTermFreq = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                Terms terms = leaf.reader().terms(name);
                if (terms != null) {
                    docCount += terms.getDocCount();
                    sumTotalTermFreq += terms.getSumTotalTermFreq();
                }
            }
            // BM25Similarity#avgFieldLength and #scorer, operation for operation.
            float avgdl = (float) (sumTotalTermFreq / (double) docCount);
            float[] cache = new float[256];
            for (int i = 0; i < cache.length; i++) {
                cache[i] = 1f / (k1 * ((1 - b) + b * LENGTH_TABLE[i] / avgdl));
            }
            return new Field(cache, docCount);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Postings read(FieldTerm key) {
        Field field = field(key.field());
        List<Integer> found = new ArrayList<>();
        List<Float> divisors = new ArrayList<>();
        long docFreq = 0;
        BytesRef bytes = new BytesRef(key.term());
        try {
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader leafReader = leaf.reader();
                Terms terms = leafReader.terms(key.field());
                if (terms == null) {
                    continue;
                }
                TermsEnum termsEnum = terms.iterator();
                if (!termsEnum.seekExact(bytes)) {
                    continue;
                }
                docFreq += termsEnum.docFreq();
                PostingsEnum docs = termsEnum.postings(null, PostingsEnum.FREQS);
                NumericDocValues norms = leafReader.getNormValues(key.field());
                for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                    // LeafSimScorer#getNormValue: 1 without norms, 0 for a document without this field's.
                    long norm = norms == null ? 1L : norms.advanceExact(doc) ? norms.longValue() : 0L;
                    float freq = docs.freq();
                    found.add(leaf.docBase + doc);
                    divisors.add(1f + freq * field.normInverse()[((byte) norm) & 0xFF]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] docs = new int[found.size()];
        float[] divs = new float[found.size()];
        for (int i = 0; i < docs.length; i++) {
            docs[i] = found.get(i);
            divs[i] = divisors.get(i);
        }
        // BM25Similarity#idf.
        float idf = (float) Math.log(1 + (field.docCount() - docFreq + 0.5D) / (docFreq + 0.5D));
        return new Postings(docs, divs, idf);
    }
}
