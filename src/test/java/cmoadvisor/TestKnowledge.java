package cmoadvisor;

import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.KnowledgeLoader;
import cmoadvisor.search.AnswerEngine;

import java.nio.file.Path;

/** The project's real knowledge folder and an engine over it, built once for the whole test run. */
public final class TestKnowledge {
    public static final Path DIR = Path.of("knowledge");

    private static KnowledgeBase knowledge;
    private static AnswerEngine engine;

    private TestKnowledge() {
    }

    public static synchronized KnowledgeBase knowledge() {
        if (knowledge == null) {
            knowledge = new KnowledgeLoader().load(DIR);
        }
        return knowledge;
    }

    public static synchronized AnswerEngine engine() {
        if (engine == null) {
            engine = new AnswerEngine(knowledge());
        }
        return engine;
    }
}
