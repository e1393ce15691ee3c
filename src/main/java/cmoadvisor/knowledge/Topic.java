package cmoadvisor.knowledge;

import java.nio.file.Path;
import java.util.List;

/**
 * One answer the bot can give, in one language: what people ask ({@code questions}, {@code keywords})
 * and what they read ({@code body}, Markdown with bold and bullet lists only).
 *
 * @param offer what the answer offers in its text ("Хотите пройти тест?"), which a typed "да" then
 *              accepts; null when it offers nothing
 */
public record Topic(String id, Lang lang, String title, List<String> questions, List<String> keywords,
                    String body, Path source, FollowUps.Action offer) {

    public Topic {
        questions = List.copyOf(questions);
        keywords = List.copyOf(keywords);
    }
}
