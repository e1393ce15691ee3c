package cmoadvisor.cli;

import cmoadvisor.search.AnswerEngine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench [FILE] [--seconds N]}: a load harness on one thread. It reports the time from JVM start to
 * the first answer, then answers the questions round-robin, first to warm up the JIT and then for the
 * measured interval, and prints questions a second: once through the whole conversation as {@code ask}
 * runs it (understanding, dialogue policy, knowledge; each question a new chat in memory), once through
 * the knowledge search alone. Questions come from FILE (plain lines, or JSON lines with a "q" field) or,
 * without one, from the knowledge's own example questions.
 */
final class BenchCommand {
    private static final long CHAT = 1L;
    private static final cmoadvisor.conversation.Person USER = new cmoadvisor.conversation.Person(CHAT, null, null, null);

    private final AnswerEngine engine;
    private final cmoadvisor.conversation.ConversationEngine conversation;

    BenchCommand(AnswerEngine engine, cmoadvisor.conversation.ConversationEngine.Options options) {
        this.engine = engine;
        this.conversation = new cmoadvisor.conversation.ConversationEngine(engine, options);
    }

    /** One question as the first message of a new chat, as {@code ask} answers it. */
    private long converse(String question) {
        long length = 0;
        for (cmoadvisor.conversation.Outbound reply : conversation.handle(
                new cmoadvisor.conversation.Inbound.Text(CHAT, USER, question, null),
                new cmoadvisor.conversation.InMemoryStore(), java.time.Instant.EPOCH)) {
            if (reply instanceof cmoadvisor.conversation.Outbound.Message message) {
                length += message.html().length();
            }
        }
        return length;
    }

    private long search(String question) {
        return engine.answer(question).markdown().length();
    }

    int run(List<String> arguments, PrintStream out) throws IOException {
        long firstAnswerMillis = System.currentTimeMillis();
        converse("Ретейнер канча турат?");
        long startup = firstAnswerMillis - ManagementFactory.getRuntimeMXBean().getStartTime();
        long afterFirst = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.printf("JVM start to engine ready: %d ms; to first answer: %d ms%n", startup, afterFirst);

        double seconds = 10;
        Path file = null;
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).equals("--seconds") && i + 1 < arguments.size()) {
                seconds = Double.parseDouble(arguments.get(++i));
            } else {
                file = Path.of(arguments.get(i));
            }
        }
        List<String> questions = file == null ? knowledgeQuestions() : readQuestions(file);
        if (questions.isEmpty()) {
            throw new CommandLine.UsageException("no questions to run");
        }
        out.printf("%d distinct questions, one thread%n", questions.size());
        measure("whole conversation (as ask)", this::converse, questions, seconds, out);
        measure("knowledge search alone", this::search, questions, seconds, out);
        return 0;
    }

    private static void measure(String what, java.util.function.ToLongFunction<String> answer, List<String> questions,
                                double seconds, PrintStream out) {
        long checksum = run(answer, questions, (long) (seconds * 0.3 * 1e9));
        long started = System.nanoTime();
        long deadline = (long) (seconds * 1e9);
        long answered = 0;
        int i = 0;
        while (System.nanoTime() - started < deadline) {
            checksum += answer.applyAsLong(questions.get(i));
            i = (i + 1) % questions.size();
            answered++;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        out.printf("%s, warm: %d answers in %.1f s = %.0f questions/s (%.1f µs each) [checksum %d]%n",
                what, answered, elapsed, answered / elapsed, elapsed * 1e6 / answered, checksum % 1000);
    }

    private static long run(java.util.function.ToLongFunction<String> answer, List<String> questions, long nanos) {
        long started = System.nanoTime();
        long checksum = 0;
        int i = 0;
        while (System.nanoTime() - started < nanos) {
            checksum += answer.applyAsLong(questions.get(i));
            i = (i + 1) % questions.size();
        }
        return checksum;
    }

    private List<String> knowledgeQuestions() {
        List<String> questions = new ArrayList<>();
        for (var lang : cmoadvisor.knowledge.Lang.values()) {
            engine.knowledge().topics(lang).forEach(t -> questions.addAll(t.questions()));
        }
        return questions;
    }

    private static List<String> readQuestions(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> questions = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("{")) {
                JsonNode q = json.readTree(trimmed).get("q");
                if (q != null) {
                    questions.add(q.asText());
                }
            } else {
                questions.add(trimmed);
            }
        }
        return questions;
    }
}
