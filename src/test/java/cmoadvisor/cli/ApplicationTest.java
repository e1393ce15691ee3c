package cmoadvisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as admins and the evaluation use it, run in-process. */
class ApplicationTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ObjectMapper json = new ObjectMapper();

    private int run(String stdin, Map<String, String> env, String... args) {
        return new Application(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private int run(String stdin, String... args) {
        return run(stdin, Map.of(), args);
    }

    private List<JsonNode> outputLines() throws IOException {
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : lines) {
            nodes.add(json.readTree(line));
        }
        return nodes;
    }

    @Test
    void ask_answersEachLineOfInput_asOneJsonObject() throws IOException {
        int code = run("Ретейнер канча турат?\nWhat does a retainer cost per month?\n\nTell me a joke\n", "ask");
        assertThat(code).isZero();
        List<JsonNode> lines = outputLines();
        assertThat(lines).hasSize(4);
        JsonNode first = lines.get(0);
        assertThat(first.get("question").asText()).isEqualTo("Ретейнер канча турат?");
        assertThat(first.get("lang").asText()).isEqualTo("ky");
        assertThat(first.get("answered").asBoolean()).isTrue();
        assertThat(first.get("topic").asText()).isNotBlank();
        assertThat(first.get("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(first.get("text").asText()).contains("$2 000–5 000").doesNotContain("**");
        assertThat(lines.get(1).get("lang").asText()).isEqualTo("en");
        assertThat(lines.get(2).get("answered").asBoolean()).isFalse();
        assertThat(lines.get(3).get("answered").asBoolean()).isFalse();
        assertThat(lines.get(3).get("topic").isNull()).isTrue();
    }

    @Test
    void ask_takesTheQuestionFromArguments_andALanguage() throws IOException {
        assertThat(run("", "ask", "--lang", "ru", "Ретейнер", "канча", "турат?")).isZero();
        JsonNode line = outputLines().get(0);
        assertThat(line.get("question").asText()).isEqualTo("Ретейнер канча турат?");
        assertThat(line.get("lang").asText()).isEqualTo("ru");
        assertThat(line.get("text").asText()).contains("в месяц");
    }

    @Test
    void ask_withExplain_showsTheCandidates() throws IOException {
        assertThat(run("", "ask", "--explain", "retainer price")).isZero();
        assertThat(outputLines().get(0).get("explain").get("candidates").size()).isPositive();
    }

    @Test
    void ask_rejectsAnUnknownLanguage() {
        assertThat(run("", "ask", "--lang", "fr", "hi")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--lang takes ky, ru or en");
    }

    @Test
    void knowledgeDir_comesFromTheEnvironment_andAMissingOneIsReported() {
        assertThat(run("", Map.of("KNOWLEDGE_DIR", "/nonexistent/knowledge"), "ask", "hi")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/knowledge")
                .contains("does not exist");
    }

    @Test
    void checkKnowledge_passesOnTheProjectKnowledge() {
        assertThat(run("", "check-knowledge")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK");
    }

    @Test
    void checkKnowledge_failsOnABrokenFile_namingItsLine(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("ky"));
        Files.writeString(dir.resolve("ky/broken.md"), "---\nid: broken\ntitle: T\nquestions: [q]\nfoo: bar\n---\nBody\n");
        assertThat(run("", "check-knowledge", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.md:5: unknown field 'foo'")
                .contains("pricing.yaml: the file is missing");
    }

    @Test
    void chat_greets_answers_andEndsAtEndOfInput(@TempDir Path dir) {
        Map<String, String> env = Map.of("CONSOLE_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("chat.db"));
        assertThat(run("Ретейнер канча турат?\n/quit\n", env, "chat")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Саламатсызбы").contains("$2 000–5 000");
    }

    @Test
    void chat_runsTheQuizAndAHandOff_withTheLeadCardInTheTerminal(@TempDir Path dir) {
        Map<String, String> env = Map.of("CONSOLE_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("chat.db"));
        assertThat(run(QUIZ_AND_HAND_OFF, env, "chat")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Ваш результат: 5 из 5")
                .contains("to the agency's chat")
                .contains("Лид №1").contains("+996555123456").contains("Асель");
    }

    private static final String QUIZ_AND_HAND_OFF = String.join("\n", "/lang ru", "/quiz", "1", "да", "1", "1", "1", "1",
            "+996 555 123 456", "Асель", "2", "1", "/quit") + "\n";

    @Test
    void chat_keepsItsLeadsApartFromTheBots_soTheRealLeadsAndStatsNeverShowThem(@TempDir Path dir) {
        String bot = "jdbc:sqlite:" + dir.resolve("bot.db");
        String console = "jdbc:sqlite:" + dir.resolve("console.db");
        // DATABASE_URL, the bot's, is set as on the host; the console must not write there.
        assertThat(run(QUIZ_AND_HAND_OFF, Map.of("DATABASE_URL", bot, "CONSOLE_DATABASE_URL", console), "chat")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Лид №1");

        out.reset();
        assertThat(run("", Map.of("DATABASE_URL", bot), "leads", "--format", "json")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("[ ]");
        out.reset();
        assertThat(run("", Map.of("DATABASE_URL", bot), "stats")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("started: 0", "left contacts: 0");
        out.reset();
        assertThat(run("", Map.of("DATABASE_URL", console), "leads", "--format", "json")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Асель", "+996555123456");
    }

    @Test
    void bot_withoutAToken_namesTheMissingVariable_andTheConsoleAlternative() {
        assertThat(run("", Map.of())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("TELEGRAM_BOT_TOKEN").contains("chat");
    }

    @Test
    void bot_whoseSearchCannotBeBuilt_stopsWithTheReason_thoughTheRestStartedBesideIt(@TempDir Path dir) throws IOException {
        Path knowledge = dir.resolve("knowledge");
        cmoadvisor.TestKnowledge.copyTo(knowledge);
        // Valid to the loader; only the analyzers, while the engine is made beside the start, find it wrong.
        Files.writeString(knowledge.resolve("synonyms.txt"), "cmo, ---\n", java.nio.file.StandardOpenOption.APPEND);
        Map<String, String> env = Map.of("TELEGRAM_BOT_TOKEN", "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "AGENCY_CHAT_ID", "-100123",
                "KNOWLEDGE_DIR", knowledge.toString(),
                "KNOWLEDGE_LAST_GOOD_DIR", dir.resolve("last-good").toString(),
                "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db"),
                // Nothing listens there: the poller keeps retrying while the bot stops.
                "TELEGRAM_API_URL", "http://127.0.0.1:9");

        assertThat(run("", env, "bot")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot serve the knowledge folder")
                .contains("synonyms.txt:").contains("---").contains("check-knowledge");
    }

    @Test
    void anUnknownCommand_printsUsage() {
        assertThat(run("", "frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'").contains("usage:");
    }
}
