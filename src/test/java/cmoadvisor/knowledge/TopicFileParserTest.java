package cmoadvisor.knowledge;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFileParserTest {
    private static final Path FILE = Path.of("knowledge/ru/retainer-model.md");
    private final TopicFileParser parser = new TopicFileParser(300);

    @Test
    void parse_readsFrontMatterAndBody() {
        var result = parser.parse(FILE, Lang.RU, """
                ---
                id: retainer-model
                title: Ретейнер
                questions:
                  - Что такое ретейнер?
                  - "Сколько стоит: ретейнер"
                keywords: [абонентка, ретейнер]
                ---
                **Ретейнер**: $2 000–5 000 в месяц.
                """);
        assertThat(result.errors()).isEmpty();
        Topic topic = result.topic();
        assertThat(topic.id()).isEqualTo("retainer-model");
        assertThat(topic.lang()).isEqualTo(Lang.RU);
        assertThat(topic.questions()).containsExactly("Что такое ретейнер?", "Сколько стоит: ретейнер");
        assertThat(topic.keywords()).containsExactly("абонентка", "ретейнер");
        assertThat(topic.body()).isEqualTo("**Ретейнер**: $2 000–5 000 в месяц.");
    }

    @Test
    void parse_acceptsWindowsLineEndingsAndAByteOrderMark() {
        var result = parser.parse(FILE, Lang.RU,
                "\uFEFF---\r\nid: retainer-model\r\ntitle: T\r\nquestions: [q]\r\n---\r\nBody\r\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.topic().body()).isEqualTo("Body");
    }

    @Test
    void parse_reportsMissingOpeningFence_atLine1() {
        var result = parser.parse(FILE, Lang.RU, "id: retainer-model\n");
        assertThat(result.errors()).singleElement()
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.message()).contains("must start with a '---'");
                    assertThat(e.toString()).startsWith(FILE + ":1: ");
                });
    }

    @Test
    void parse_reportsUnclosedFrontMatter() {
        var result = parser.parse(FILE, Lang.RU, "---\nid: retainer-model\ntitle: T\n");
        assertThat(result.errors()).singleElement().extracting(KnowledgeError::message)
                .asString().contains("never closed");
    }

    @Test
    void parse_reportsInvalidYaml_withTheLineInTheFile() {
        var result = parser.parse(FILE, Lang.RU, """
                ---
                id: retainer-model
                title: T
                questions:
                  - one
                 - badly indented
                ---
                Body
                """);
        assertThat(result.topic()).isNull();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).contains("not valid YAML");
            assertThat(e.line()).isBetween(5, 7);
        });
    }

    @Test
    void parse_reportsUnknownField_withItsLine() {
        var result = parser.parse(FILE, Lang.RU, """
                ---
                id: retainer-model
                title: T
                question: [q]
                ---
                Body
                """);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).contains("unknown field 'question'");
            assertThat(e.line()).isEqualTo(4);
        });
    }

    @Test
    void parse_reportsEveryProblemAtOnce() {
        var result = parser.parse(FILE, Lang.RU, """
                ---
                id: another-id
                questions: []
                ---
                """);
        assertThat(result.errors()).extracting(KnowledgeError::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("differs from the file name 'retainer-model'"),
                m -> assertThat(m).contains("missing 'title'"),
                m -> assertThat(m).contains("'questions' needs at least one"),
                m -> assertThat(m).contains("answer after the front matter is empty"));
        assertThat(result.errors().get(0).line()).isEqualTo(2);
    }

    @Test
    void parse_rejectsAnIdThatIsNotASlug() {
        var result = parser.parse(Path.of("Retainer Model.md"), Lang.RU,
                "---\nid: Retainer Model\ntitle: T\nquestions: [q]\n---\nBody\n");
        assertThat(result.errors()).extracting(KnowledgeError::message)
                .anySatisfy(m -> assertThat(m).contains("only a-z, 0-9 and single dashes"));
    }

    @Test
    void parse_rejectsABodyOverTheLimit() {
        var result = parser.parse(FILE, Lang.RU,
                "---\nid: retainer-model\ntitle: T\nquestions: [q]\n---\n" + "x".repeat(301) + "\n");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).contains("301 characters").contains("within 300");
            assertThat(e.line()).isEqualTo(6);
        });
    }
}
