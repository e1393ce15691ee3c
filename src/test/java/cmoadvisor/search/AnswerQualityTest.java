package cmoadvisor.search;

import cmoadvisor.TestKnowledge;
import cmoadvisor.text.Markdown;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answer quality on two question sets, scored like ../shared/eval/score.py: the development set (a copy
 * of ../shared/eval/questions.dev.jsonl) and our own calibration set, written independently of it and of
 * the knowledge files, in a harder, more conversational style with near-domain questions to decline.
 * A hidden set in the development set's style decides acceptance, so neither set's lines may be copied
 * into the knowledge.
 */
class AnswerQualityTest {

    @Test
    void developmentSet_isAnsweredWithAtLeast90PercentAccuracy() {
        Score score = score("/eval/questions.dev.jsonl");
        assertThat(score.accuracy()).as(score.report()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void developmentSet_declinesEveryOutOfScopeQuestion() {
        Score score = score("/eval/questions.dev.jsonl");
        assertThat(score.failedOutOfScope()).as(score.report()).isEmpty();
    }

    @Test
    void calibrationSet_staysAtItsMeasuredQuality() {
        // Measured 0.922 when the tuning was last chosen; this guards against regressions.
        Score score = score("/eval/calibration.jsonl");
        assertThat(score.accuracy()).as(score.report()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void holdoutSet_writtenFromTheArticleAlone_isAnsweredLikeTheDevelopmentSet() {
        // 60 short questions in the development set's style, written from the article alone after the engine
        // was tuned. Its first run scored 0.950; it then showed two general gaps (definition questions such
        // as "что такое X простыми словами", and "менять" where "заменить" was meant), fixed in the synonyms
        // and one answer, giving 0.983. Its lines were never copied into the knowledge.
        Score score = score("/eval/holdout.jsonl");
        assertThat(score.accuracy()).as(score.report()).isGreaterThanOrEqualTo(0.93);
        assertThat(score.failedOutOfScope()).as(score.report()).isEmpty();
    }

    @Test
    void everyQuestion_isAnsweredInItsOwnLanguage() {
        List<String> wrong = new ArrayList<>();
        for (String set : List.of("/eval/questions.dev.jsonl", "/eval/calibration.jsonl", "/eval/holdout.jsonl")) {
            for (EvalSet.Question q : EvalSet.load(set)) {
                if (q.abstain()) {
                    continue;
                }
                Answer answer = TestKnowledge.engine().answer(q.text());
                if (!answer.lang().code().equals(q.lang())) {
                    wrong.add(q.id() + " " + q.text() + " → " + answer.lang());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private record Score(int total, List<String> failures, List<String> failedOutOfScope) {
        double accuracy() {
            return (total - failures.size()) / (double) total;
        }

        String report() {
            return String.format("accuracy %.3f, failures:%n  %s", accuracy(), String.join("\n  ", failures));
        }
    }

    private static Score score(String resource) {
        List<EvalSet.Question> questions = EvalSet.load(resource);
        List<String> failures = new ArrayList<>();
        List<String> outOfScope = new ArrayList<>();
        for (EvalSet.Question q : questions) {
            Answer answer = TestKnowledge.engine().answer(q.text());
            String text = Markdown.toPlain(answer.markdown());
            if (!EvalSet.passes(q, answer.answered(), text)) {
                String line = q.id() + " [" + q.lang() + "] " + q.text() + " → " + answer.topicId();
                failures.add(line);
                if (q.abstain()) {
                    outOfScope.add(line);
                }
            }
        }
        return new Score(questions.size(), failures, outOfScope);
    }
}
