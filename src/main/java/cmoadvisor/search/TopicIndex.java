package cmoadvisor.search;

import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Topic;
import cmoadvisor.text.Markdown;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

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
 * An in-memory Lucene index of the topics: for every language one document per topic (the text of the
 * nearest language the topic has stands in where it has none in this one, see {@link Lang#fallbacks}, so a
 * Kyrgyz question still finds a topic written only in Russian by the words they share), searched only
 * among documents of the question's language, by BM25 ({@link TermScores}: Lucene's scores, worked out
 * from the index once per term rather than by an {@code IndexSearcher} at every question).
 * Built whole from a {@link KnowledgeBase} and never changed afterwards, so searching needs no locks and a
 * reload simply builds a new index.
 */
final class TopicIndex {
    private static final String ID = "id";
    static final String LANG = "lang";
    private static final int MIN_SPELLING_LENGTH = 5;
    /** Trigram clauses at most per question: measured on the question sets, more add cost and no answers. */
    private static final int MAX_TRIGRAMS = 16;

    /**
     * The words each language's knowledge writes, for putting a typed word right. Lucene's
     * DirectSpellChecker does the same from the index, but builds an automaton per word: about 250 µs a
     * word here, against a few µs for the close-spelling vocabulary the search already uses for stems.
     */
    private final Map<Lang, Vocabulary> writtenWords = new EnumMap<>(Lang.class);
    /** While the index is built: every word as written (lower case; Kyrgyz without ң ө ү), per language. */
    private final Map<Lang, Set<String>> written = new EnumMap<>(Lang.class);
    private final Map<Lang, Analyzer> spelling = new EnumMap<>(Lang.class);

    private final TextAnalysis analysis;
    private final SearchTuning tuning;
    private final DirectoryReader reader;
    private final TermScores scores;
    /** Per language and topic: the terms of the coverage field, to judge how much of a question a topic covers. */
    private final Map<Lang, Map<String, Set<String>>> topicTerms = new EnumMap<>(Lang.class);
    /** Every term of each word field, for typos and for telling known words from unknown ones. */
    private final Map<SearchField, Vocabulary> vocabularies = new EnumMap<>(SearchField.class);
    /** The topic id and language of each Lucene document, read once: the index never changes. */
    private final String[] topicOfDoc;
    private final Lang[] langOfDoc;

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
        for (Lang lang : Lang.values()) {
            spelling.put(lang, spellingAnalyzer(lang));
            written.put(lang, new HashSet<>());
        }

        BM25Similarity similarity = new BM25Similarity(tuning.k1(), tuning.b());
        // Each index file as one buffer: the default keeps many small ones, and slicing them for every
        // term of every question was the largest part of a search.
        ByteBuffersDirectory directory = new ByteBuffersDirectory(new org.apache.lucene.store.SingleInstanceLockFactory(),
                org.apache.lucene.store.ByteBuffersDataOutput::new, ByteBuffersDirectory.OUTPUT_AS_ONE_BUFFER);
        try (IndexWriter writer = new IndexWriter(directory,
                new IndexWriterConfig(analyzer).setSimilarity(similarity).setUseCompoundFile(false))) {
            // One thread writes one segment, searched with one postings lookup a term. (Two threads wrote two,
            // which took a merge as long as the second thread saved, and on a start the second core is busy.)
            addDocuments(writer, knowledge, List.of(Lang.KY, Lang.RU, Lang.EN));
            writer.commit();
        } catch (IOException e) {
            // The directory lives in memory: an IOException means a bug, not a full disk.
            throw new UncheckedIOException(e);
        }
        try {
            this.reader = DirectoryReader.open(directory);
            this.scores = new TermScores(reader, tuning.k1(), tuning.b());
            this.topicOfDoc = new String[reader.maxDoc()];
            this.langOfDoc = new Lang[reader.maxDoc()];
            StoredFields stored = reader.storedFields();
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                Document document = stored.document(doc);
                topicOfDoc[doc] = document.get(ID);
                langOfDoc[doc] = Lang.fromCode(document.get(LANG)).orElseThrow();
            }
            for (Lang lang : Lang.values()) {
                topicTerms.put(lang, new HashMap<>());
                writtenWords.put(lang, new Vocabulary(written.remove(lang)));
            }
            for (SearchField field : SearchField.values()) {
                vocabularies.put(field, new Vocabulary(readTerms(reader, field, langOfDoc)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addDocuments(IndexWriter writer, KnowledgeBase knowledge, List<Lang> langs) {
        try {
            for (Lang lang : langs) {
                for (String id : knowledge.topicIds()) {
                    writer.addDocument(document(knowledge.topic(id, lang).orElseThrow(), lang));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * All terms of a field; for the field that judges coverage in a language, also which topic holds each
     * term, read from the postings rather than by analysing every text a second time.
     */
    private Set<String> readTerms(DirectoryReader reader, SearchField field, Lang[] langOfDoc) throws IOException {
        Set<String> terms = new HashSet<>();
        for (String name : List.of(field.asked(), field.body())) {
            Terms indexed = MultiTerms.getTerms(reader, name);
            if (indexed == null) {
                continue;
            }
            TermsEnum it = indexed.iterator();
            PostingsEnum postings = null;
            for (BytesRef bytes = it.next(); bytes != null; bytes = it.next()) {
                String term = bytes.utf8ToString();
                terms.add(term);
                postings = it.postings(postings, PostingsEnum.NONE);
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    Lang lang = langOfDoc[doc];
                    if (SearchField.coverageFieldFor(lang) == field) {
                        topicTerms.get(lang).computeIfAbsent(topicOfDoc[doc], k -> new HashSet<>()).add(term);
                    }
                }
            }
        }
        return terms;
    }

    private Document document(Topic topic, Lang lang) {
        Document doc = new Document();
        doc.add(new StringField(ID, topic.id(), Field.Store.YES));
        doc.add(new StringField(LANG, lang.code(), Field.Store.YES));
        String asked = askedText(topic);
        String body = bodyText(topic);
        List<SearchField> fields = new ArrayList<>(SearchField.wordFieldsFor(lang));
        fields.add(SearchField.NGRAM);
        // The words as written go into a set, not the index: only the set of them is ever read.
        written.get(lang).addAll(TextAnalysis.analyze(spelling.get(lang), "spelling", asked + "\n" + body));
        for (SearchField field : fields) {
            doc.add(new TextField(field.asked(), asked, Field.Store.NO));
            if (field != SearchField.NGRAM) {
                doc.add(new TextField(field.body(), body, Field.Store.NO));
            }
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
        return search(question, lang, limit, null);
    }

    /**
     * @param coverageTerms the question's terms in the coverage field of {@code lang}, when the caller has
     *                      analysed it already (it is one of the word fields): analysis is much of the cost
     */
    List<Hit> search(String question, Lang lang, int limit, List<String> coverageTerms) {
        List<TermScores.Clause> clauses = clauses(question, lang, coverageTerms);
        if (clauses.isEmpty()) {
            return List.of();
        }
        List<Hit> hits = new ArrayList<>();
        for (TermScores.Scored scored : scores.top(clauses, doc -> langOfDoc[doc] == lang, limit)) {
            hits.add(new Hit(topicOfDoc[scored.doc()], scored.score()));
        }
        return hits;
    }

    /**
     * The question's clauses, each term of a field with its boost: the question's words in the language's
     * word fields (a word no topic contains by its near spellings), then trigrams. Empty when no word of
     * the question is searchable.
     */
    List<TermScores.Clause> clauses(String question, Lang lang, List<String> coverageTerms) {
        List<TermScores.Clause> clauses = new ArrayList<>();
        int added = 0;
        Set<String> unknown = new LinkedHashSet<>();
        for (SearchField field : SearchField.wordFieldsFor(lang)) {
            List<String> terms = coverageTerms != null && field == SearchField.coverageFieldFor(lang)
                    ? coverageTerms : analysis.terms(field, question);
            added += addTerms(clauses, field, terms, tuning.wordBoost(), unknown);
        }
        // Trigrams find a word typed wrong or with an ending the stemmers leave apart. They are most of a
        // question's clauses, so the unknown words' trigrams come first and the rest fill up to a cap.
        added += addTrigrams(clauses, unknown, question);
        return added == 0 ? List.of() : clauses;
    }

    /** The documents of a language: what {@link #clauses} are searched among. */
    boolean inLanguage(int doc, Lang lang) {
        return langOfDoc[doc] == lang;
    }

    String topicOf(int doc) {
        return topicOfDoc[doc];
    }

    DirectoryReader reader() {
        return reader;
    }

    private int addTrigrams(List<TermScores.Clause> clauses, Set<String> unknownTerms, String question) {
        Set<String> trigrams = new LinkedHashSet<>();
        for (String term : unknownTerms) {
            // The stems of unknown words, folded as the trigram field folds its words.
            String folded = LetterFolding.fold(term);
            for (int i = 0; i + 3 <= folded.length(); i++) {
                trigrams.add(folded.substring(i, i + 3));
            }
        }
        trigrams.addAll(analysis.terms(SearchField.NGRAM, question));
        Vocabulary vocabulary = vocabularies.get(SearchField.NGRAM);
        int added = 0;
        for (String trigram : trigrams) {
            if (added >= MAX_TRIGRAMS) {
                break;
            }
            if (vocabulary.contains(trigram)) {
                addTerm(clauses, SearchField.NGRAM, trigram, tuning.ngramBoost());
                added++;
            }
        }
        return added;
    }

    /** Lucene's limit of clauses in a query, which this search kept when Lucene ran it. */
    private static final int MAX_CLAUSES = 1024;

    private int addTerms(List<TermScores.Clause> clauses, SearchField field, List<String> analysed, float boost,
                         Set<String> unknown) {
        Set<String> terms = new LinkedHashSet<>(analysed);
        // A long message needs no more than its first words to find the topic.
        int maxTerms = MAX_CLAUSES / 8;
        int added = 0;
        for (String term : terms) {
            if (added >= maxTerms) {
                break;
            }
            added++;
            Vocabulary vocabulary = vocabularies.get(field);
            if (vocabulary.contains(term)) {
                addTerm(clauses, field, term, boost);
            } else if (field != SearchField.NGRAM) {
                unknown.add(term);
                // A word no topic contains is most likely misspelt: search its near spellings instead.
                for (String neighbour : vocabulary.neighbours(term)) {
                    addTerm(clauses, field, neighbour, boost * tuning.typoBoost());
                }
            }
        }
        return added;
    }

    private void addTerm(List<TermScores.Clause> clauses, SearchField field, String term, float boost) {
        addClause(clauses, field.asked(), term, boost * tuning.askedBoost());
        // Trigrams only of the questions people ask: in the body they cost as many clauses again for
        // no measurable gain on the question sets.
        if (field != SearchField.NGRAM) {
            addClause(clauses, field.body(), term, boost);
        }
    }

    private static void addClause(List<TermScores.Clause> clauses, String field, String term, float boost) {
        clauses.add(new TermScores.Clause(new TermScores.FieldTerm(field, term), boost));
    }

    private static Analyzer spellingAnalyzer(Lang lang) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new WordTokenizer();
                return new TokenStreamComponents(source, new LetterFoldingFilter(new LowerCaseFilter(source), lang == Lang.KY));
            }
        };
    }

    /** Whether the knowledge of a language writes this word (lower case), in any form it has. */
    boolean writes(Lang lang, String word) {
        return writtenWords.get(lang).contains(spellingForm(lang, word));
    }

    /**
     * The word the knowledge writes that is closest to a word it does not ("налги" → "налоги"), one edit
     * away for a short word and two for a long one; empty when none is close.
     */
    java.util.Optional<String> spelledLike(Lang lang, String word) {
        return writtenWords.get(lang).closest(spellingForm(lang, word));
    }

    private static String spellingForm(Lang lang, String word) {
        String lower = word.toLowerCase(java.util.Locale.ROOT).replace('ё', 'е');
        return lang == Lang.KY ? LetterFolding.fold(lower) : lower;
    }

    Set<String> topicTerms(String topicId, Lang lang) {
        return topicTerms.get(lang).getOrDefault(topicId, Set.of());
    }

    /** Known spellings close to a term, in the field that judges coverage for the language. */
    List<String> neighbours(Lang lang, String term) {
        return vocabularies.get(SearchField.coverageFieldFor(lang)).neighbours(term);
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
        return vocabularies.get(SearchField.coverageFieldFor(lang)).contains(term);
    }
}
