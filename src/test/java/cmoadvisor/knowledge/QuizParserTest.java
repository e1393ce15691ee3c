package cmoadvisor.knowledge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class QuizParserTest {
    private static final Path FILE = Path.of("knowledge/quiz.yaml");
    private final QuizParser parser = new QuizParser();

    @Test
    void parse_readsTheProjectQuiz() throws IOException {
        var result = parser.parse(FILE, Files.readString(FILE));
        assertThat(result.errors()).isEmpty();
        Quiz quiz = result.quiz();
        assertThat(quiz.questions()).extracting(Quiz.Question::id)
                .containsExactly("revenue", "chaos", "strategy", "leader", "growth");
        assertThat(quiz.maxScore()).isEqualTo(5);
        assertThat(quiz.resultFor(0).model()).isEqualTo("hourly");
        assertThat(quiz.resultFor(3).model()).isEqualTo("project");
        assertThat(quiz.resultFor(5).model()).isEqualTo("retainer");
        assertThat(quiz.qualifies(2)).isTrue();
        assertThat(quiz.qualifies(1)).isFalse();
    }

    @Test
    void parse_reportsAScoreWithoutAResultBand() throws IOException {
        String broken = Files.readString(FILE).replace("  - min_score: 4\n", "  - min_score: 5\n");
        assertThat(parser.parse(FILE, broken).errors()).extracting(KnowledgeError::message)
                .anySatisfy(m -> assertThat(m).contains("score 4 falls in 0 result bands"));
    }

    @Test
    void parse_reportsAMissingTranslation_andTheYesNoChoices() throws IOException {
        String broken = Files.readString(FILE)
                .replace("en: \"2/5. Is your marketing chaotic: channels live their own lives, with no single strategy?\"", "")
                .replaceFirst("- id: no\n", "- id: nope\n");
        assertThat(parser.parse(FILE, broken).errors()).extracting(KnowledgeError::message)
                .anySatisfy(m -> assertThat(m).contains("question 'chaos' lacks its text in [EN]"))
                .anySatisfy(m -> assertThat(m).contains("needs the choices 'yes' and 'no'"));
    }
}
