package cmoadvisor.knowledge;

import java.nio.file.Path;
import java.util.List;

/**
 * One answer the bot can give, in one language: what people ask ({@code questions}, {@code keywords})
 * and what they read ({@code body}, Markdown with bold and bullet lists only).
 */
public record Topic(String id, Lang lang, String title, List<String> questions, List<String> keywords,
                    String body, Path source) {

    public Topic {
        questions = List.copyOf(questions);
        keywords = List.copyOf(keywords);
    }
}
