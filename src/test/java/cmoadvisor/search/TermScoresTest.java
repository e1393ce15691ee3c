package cmoadvisor.search;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topic index's own BM25 ({@link TermScores}) against Lucene's {@code IndexSearcher} over the same index
 * and the same clauses: the same topics, in the same order, with the same scores to the bit, for every
 * question of the test sets in every language and for random jumbles of their words with typos.
 */
class TermScoresTest {
    private static final SearchTuning TUNING = SearchTuning.defaults();
    private static final int LIMIT = 50;
    private static TopicIndex index;
    private static IndexSearcher lucene;
    private static final List<String> QUESTIONS = new ArrayList<>();

    @BeforeAll
    static void build() throws IOException {
        KnowledgeBase knowledge = TestKnowledge.knowledge();
        index = new TopicIndex(knowledge, new TextAnalysis(knowledge.synonymRules()), TUNING);
        lucene = new IndexSearcher(index.reader());
        lucene.setSimilarity(new BM25Similarity(TUNING.k1(), TUNING.b()));
        lucene.setQueryCache(null);
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(Path.of("src/test/resources/eval"))) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode question = line.isBlank() ? null : json.readTree(line).get("q");
                    if (question != null) {
                        QUESTIONS.add(question.asText());
                    }
                }
            }
        }
    }

    @Test
    void top_everyQuestionOfTheTestSets_inEveryLanguage_isWhatLuceneFinds() throws IOException {
        assertThat(QUESTIONS).hasSizeGreaterThan(200);
        int compared = 0;
        for (String question : QUESTIONS) {
            for (Lang lang : Lang.values()) {
                compared += compare(question, lang);
            }
        }
        assertThat(compared).as("questions with hits").isGreaterThan(QUESTIONS.size());
    }

    @Test
    void top_randomJumblesOfTheirWordsWithTypos_isWhatLuceneFinds() throws IOException {
        List<String> words = QUESTIONS.stream().flatMap(q -> List.of(q.split("\\s+")).stream()).toList();
        Random random = new Random(20261207);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder question = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                String word = words.get(random.nextInt(words.size()));
                if (word.length() > 3 && random.nextInt(3) == 0) {
                    // A typo: a letter dropped, doubled or two swapped.
                    int at = 1 + random.nextInt(word.length() - 2);
                    word = switch (random.nextInt(3)) {
                        case 0 -> word.substring(0, at) + word.substring(at + 1);
                        case 1 -> word.substring(0, at) + word.charAt(at) + word.substring(at);
                        default -> word.substring(0, at - 1) + word.charAt(at) + word.charAt(at - 1) + word.substring(at + 1);
                    };
                }
                question.append(word).append(' ');
            }
            compare(question.toString(), Lang.values()[random.nextInt(Lang.values().length)]);
        }
    }

    /** Compares one search; returns 1 when it found anything. */
    private static int compare(String question, Lang lang) throws IOException {
        List<TermScores.Clause> clauses = index.clauses(question, lang, null);
        List<String> ours = index.search(question, lang, LIMIT).stream()
                .map(hit -> hit.topicId() + "=" + Float.floatToIntBits(hit.score())).toList();
        List<String> theirs = new ArrayList<>();
        if (!clauses.isEmpty()) {
            BooleanQuery.Builder query = new BooleanQuery.Builder();
            query.add(new TermQuery(new Term(TopicIndex.LANG, lang.code())), BooleanClause.Occur.FILTER);
            for (TermScores.Clause clause : clauses) {
                query.add(new BoostQuery(new TermQuery(new Term(clause.term().field(), clause.term().term())), clause.boost()),
                        BooleanClause.Occur.SHOULD);
            }
            query.setMinimumNumberShouldMatch(1);
            for (ScoreDoc hit : lucene.search(query.build(), LIMIT).scoreDocs) {
                theirs.add(index.topicOf(hit.doc) + "=" + Float.floatToIntBits(hit.score));
            }
        }
        assertThat(ours).as("%s (%s), %d clauses", question, lang, clauses.size()).isEqualTo(theirs);
        return ours.isEmpty() ? 0 : 1;
    }
}
