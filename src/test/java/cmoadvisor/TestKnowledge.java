package cmoadvisor;

import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.KnowledgeLoader;
import cmoadvisor.search.AnswerEngine;

import java.nio.file.Path;

/** The project's real knowledge folder and an engine over it, built once for the whole test run. */
public final class TestKnowledge {
    public static final Path DIR = Path.of("knowledge");

    /** A topic the agency wrote in Russian first: no Kyrgyz or English file yet. */
    public static final String RUSSIAN_ONLY_TOPIC = """
            ---
            id: tiktok-ads
            title: Реклама в TikTok
            questions:
              - Вы ведёте рекламу в TikTok?
              - Настраиваете таргет в TikTok?
            keywords: [tiktok, тикток]
            ---
            **Реклама в TikTok** входит в план, который CMO составляет вместе с вами.
            """;

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

    /** A copy of the knowledge folder to edit in a test without touching the project's. */
    public static void copyTo(Path target) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(DIR)) {
            for (Path file : files.sorted().toList()) {
                Path copy = target.resolve(DIR.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(copy);
                } else {
                    java.nio.file.Files.copy(file, copy);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static synchronized AnswerEngine engine() {
        if (engine == null) {
            engine = new AnswerEngine(knowledge());
        }
        return engine;
    }
}
