package cmoadvisor.cli;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.Answer;
import cmoadvisor.search.AnswerEngine;
import cmoadvisor.text.Markdown;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code ask}: answers each question as a fresh conversation and prints one JSON object a line, with the
 * text exactly as a user would read it. Admins use it to check an edit; the evaluation scores it.
 */
final class AskCommand {
    private final ObjectMapper json = new ObjectMapper();
    private final AnswerEngine engine;

    AskCommand(AnswerEngine engine) {
        this.engine = engine;
    }

    private boolean explain;

    /** Adds the ranked candidates and the question's terms to each line, to see why a topic was chosen. */
    AskCommand explaining(boolean explain) {
        this.explain = explain;
        return this;
    }

    int run(List<String> questions, Optional<Lang> lang, BufferedReader in, PrintStream out) throws IOException {
        if (!questions.isEmpty()) {
            out.println(toJson(String.join(" ", questions), lang));
        } else {
            String line;
            while ((line = in.readLine()) != null) {
                // One question a line, one answer a line: even an empty line gets its answer, so that
                // answers stay aligned with the questions.
                out.println(toJson(line, lang));
            }
        }
        out.flush();
        return 0;
    }

    String toJson(String question, Optional<Lang> lang) throws IOException {
        Answer answer = lang.map(l -> engine.answer(question, l)).orElseGet(() -> engine.answer(question));
        ObjectNode node = json.createObjectNode();
        node.put("question", question);
        node.put("lang", answer.lang().code());
        node.put("answered", answer.answered());
        if (answer.topicId() == null) {
            node.putNull("topic");
        } else {
            node.put("topic", answer.topicId());
        }
        node.put("score", Math.round(answer.confidence() * 1000) / 1000.0);
        node.put("text", Markdown.toPlain(answer.markdown()));
        if (explain) {
            node.set("explain", json.valueToTree(engine.explain(question, engine.detectLanguage(question, answer.lang()))));
        }
        return json.writeValueAsString(node);
    }
}
