package cmoadvisor.cli;

import cmoadvisor.TestKnowledge;
import cmoadvisor.search.EvalSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages as prospects really type them, through the same path as {@code ask}: understanding, the dialogue
 * policy and the knowledge, each message the first of a new chat. Scored by the rules of
 * ../shared/eval/score.py: a decline passes an "abstain" line; a reply passes when every regex is found.
 */
class RealMessagesQualityTest {
    private static final Path DEVELOPMENT_SET = Path.of("../shared/eval/questions.real-dev.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void developmentSet_isRightInEveryCategoryAndLanguage() throws IOException {
        // CI lays shared/ beside the clone; a checkout without it has nothing to score.
        Assumptions.assumeTrue(Files.exists(DEVELOPMENT_SET), "no " + DEVELOPMENT_SET + " beside the project");
        Score score = score(EvalSet.load(DEVELOPMENT_SET));
        assertThat(score.accuracy()).as(score.report()).isGreaterThanOrEqualTo(0.95);
        assertThat(score.worstGroup()).as(score.report()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void holdoutSet_writtenFromTheArticleAlone_staysAtItsMeasuredLevel() throws IOException {
        // 120 messages in the same style, written from the article by a separate session before any tuning:
        // 0.808 on its first run, 0.942 after the general fixes the development set showed. Its lines were
        // never copied into the knowledge.
        Score score = score(EvalSet.load("/eval/holdout-real.jsonl"));
        assertThat(score.accuracy()).as(score.report()).isGreaterThanOrEqualTo(0.92);
    }

    private record Score(int total, List<String> failures, Map<String, int[]> groups) {
        double accuracy() {
            return (total - failures.size()) / (double) total;
        }

        double worstGroup() {
            return groups.values().stream().mapToDouble(g -> g[0] / (double) g[1]).min().orElse(1);
        }

        String report() {
            String byGroup = groups.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).collect(Collectors.joining(", "));
            return String.format("accuracy %.3f (%s), failures:%n  %s", accuracy(), byGroup, String.join("\n  ", failures));
        }
    }

    private static Score score(List<EvalSet.Question> questions) throws IOException {
        String input = questions.stream().map(EvalSet.Question::text).collect(Collectors.joining("\n")) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AskCommand(TestKnowledge.engine(), cmoadvisor.app.BotConfig.fromEnvironment(Map.of(), TestKnowledge.DIR, false)
                .engineOptions(-1L), Clock.systemUTC())
                .run(List.of(), Optional.empty(), new BufferedReader(new StringReader(input)),
                        new PrintStream(out, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        List<String> failures = new ArrayList<>();
        Map<String, int[]> groups = new TreeMap<>();
        for (int i = 0; i < questions.size(); i++) {
            EvalSet.Question q = questions.get(i);
            JsonNode answer = JSON.readTree(lines[i]);
            boolean passed = EvalSet.passes(q, answer.path("answered").asBoolean(), answer.path("text").asText());
            for (String group : List.of("cat=" + q.category(), "lang=" + q.lang())) {
                int[] counts = groups.computeIfAbsent(group, g -> new int[2]);
                counts[0] += passed ? 1 : 0;
                counts[1]++;
            }
            if (!passed) {
                failures.add(q.id() + " " + q.text() + " → " + answer.path("topic").asText() + ": "
                        + answer.path("text").asText().replace('\n', ' '));
            }
        }
        return new Score(questions.size(), failures, groups);
    }
}
