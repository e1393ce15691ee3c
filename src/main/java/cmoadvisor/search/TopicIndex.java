package cmoadvisor.search;

import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Topic;
import cmoadvisor.text.Markdown;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory Lucene index of the topics: for every language one document per topic (the Kyrgyz text
 * stands in where a translation is missing), searched only among documents of the question's language.
 * Built whole from a {@link KnowledgeBase} and never changed afterwards, so searching needs no locks and a
 * reload simply builds a new index.
 */
final class TopicIndex {
    private static final String ID = "id";
    private static final String LANG = "lang";
    /** Shorter words have too many neighbours one edit away to guess a typo from. */
    private static final int MIN_FUZZY_LENGTH = 5;

    private final TextAnalysis analysis;
    private final SearchTuning tuning;
    private final IndexSearcher searcher;
    /** Per language and topic: the terms of the coverage field, to judge how much of a question a topic covers. */
    private final Map<Lang, Map<String, Set<String>>> topicTerms = new EnumMap<>(Lang.class);
    private final Map<Lang, Set<String>> vocabulary = new EnumMap<>(Lang.class);

    record Hit(String topicId, float score) {
    }

    TopicIndex(KnowledgeBase knowledge, TextAnalysis analysis, SearchTuning tuning) {
        this.analysis = analysis;
        this.tuning = tuning;
        Map<String, Analyzer> perField = new HashMap<>();
        for (SearchField field : SearchField.values()) {
            perField.put(field.asked(), analysis.analyzer(field));
            perField.put(field.body(), analysis.analyzer(field));
        }
        Analyzer analyzer = new PerFieldAnalyzerWrapper(analysis.analyzer(SearchField.NGRAM), perField);
        BM25Similarity similarity = new BM25Similarity(tuning.k1(), tuning.b());
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory,
                new IndexWriterConfig(analyzer).setSimilarity(similarity))) {
            for (Lang lang : Lang.values()) {
                Map<String, Set<String>> termsByTopic = new HashMap<>();
                Set<String> langVocabulary = new HashSet<>();
                for (String id : knowledge.topicIds()) {
                    Topic topic = knowledge.topic(id, lang).orElseThrow();
                    writer.addDocument(document(topic, lang));
                    Set<String> terms = new HashSet<>(analysis.terms(SearchField.coverageFieldFor(lang),
                            askedText(topic) + "\n" + bodyText(topic)));
                    termsByTopic.put(id, terms);
                    langVocabulary.addAll(terms);
                }
                topicTerms.put(lang, termsByTopic);
                vocabulary.put(lang, langVocabulary);
            }
            writer.commit();
            DirectoryReader reader = DirectoryReader.open(directory);
            this.searcher = new IndexSearcher(reader);
            this.searcher.setSimilarity(similarity);
        } catch (IOException e) {
            // The directory lives in memory: an IOException means a bug, not a full disk.
            throw new UncheckedIOException(e);
        }
    }

    private Document document(Topic topic, Lang lang) {
        Document doc = new Document();
        doc.add(new StringField(ID, topic.id(), Field.Store.YES));
        doc.add(new StringField(LANG, lang.code(), Field.Store.NO));
        String asked = askedText(topic);
        String body = bodyText(topic);
        List<SearchField> fields = new ArrayList<>(SearchField.wordFieldsFor(lang));
        fields.add(SearchField.NGRAM);
        for (SearchField field : fields) {
            doc.add(new TextField(field.asked(), asked, Field.Store.NO));
            doc.add(new TextField(field.body(), body, Field.Store.NO));
        }
        return doc;
    }

    private static String askedText(Topic topic) {
        return topic.title() + "\n" + String.join("\n", topic.questions()) + "\n" + String.join("\n", topic.keywords());
    }

    private static String bodyText(Topic topic) {
        return Markdown.toPlain(topic.body());
    }

    /**
     * The best topics for a question. The query is built from analyzed terms directly, never through a
     * query parser, so characters such as ? * : " ( ) in a question are just text.
     */
    List<Hit> search(String question, Lang lang, int limit) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(new TermQuery(new Term(LANG, lang.code())), BooleanClause.Occur.FILTER);
        try {
            int clauses = 0;
            for (SearchField field : SearchField.wordFieldsFor(lang)) {
                clauses += addTerms(query, field, question, tuning.wordBoost());
            }
            clauses += addTerms(query, SearchField.NGRAM, question, tuning.ngramBoost());
            if (clauses == 0) {
                return List.of();
            }
            query.setMinimumNumberShouldMatch(1);
            TopDocs top = searcher.search(query.build(), limit);
            List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                hits.add(new Hit(searcher.storedFields().document(sd.doc).get(ID), sd.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int addTerms(BooleanQuery.Builder query, SearchField field, String question, float boost)
            throws IOException {
        Set<String> terms = new LinkedHashSet<>(analysis.terms(field, question));
        // A long message must not exceed Lucene's clause limit; its first words are enough to find the topic.
        int maxClauses = IndexSearcher.getMaxClauseCount() / 8;
        int added = 0;
        for (String term : terms) {
            if (added >= maxClauses) {
                break;
            }
            added++;
            Term asked = new Term(field.asked(), term);
            Term body = new Term(field.body(), term);
            boolean typo = field != SearchField.NGRAM && term.length() >= MIN_FUZZY_LENGTH
                    && searcher.getIndexReader().docFreq(asked) == 0 && searcher.getIndexReader().docFreq(body) == 0;
            if (typo) {
                // A word no topic contains is most likely misspelt: look for near spellings instead.
                int edits = term.length() >= 8 ? 2 : 1;
                float fuzzyBoost = boost * tuning.typoBoost();
                query.add(new BoostQuery(new FuzzyQuery(asked, edits, 1), fuzzyBoost * tuning.askedBoost()),
                        BooleanClause.Occur.SHOULD);
                query.add(new BoostQuery(new FuzzyQuery(body, edits, 1), fuzzyBoost), BooleanClause.Occur.SHOULD);
                continue;
            }
            query.add(new BoostQuery(new TermQuery(asked), boost * tuning.askedBoost()), BooleanClause.Occur.SHOULD);
            query.add(new BoostQuery(new TermQuery(body), boost), BooleanClause.Occur.SHOULD);
        }
        return added;
    }

    Set<String> topicTerms(String topicId, Lang lang) {
        return topicTerms.get(lang).getOrDefault(topicId, Set.of());
    }

    int topicsWithTerm(Lang lang, String term) {
        int count = 0;
        for (Set<String> terms : topicTerms.get(lang).values()) {
            if (terms.contains(term)) {
                count++;
            }
        }
        return count;
    }

    boolean known(Lang lang, String term) {
        return vocabulary.get(lang).contains(term);
    }
}
