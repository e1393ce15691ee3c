package cmoadvisor.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads one topic file: YAML front matter between two {@code ---} lines, then the answer in Markdown.
 * Collects every problem with its line number instead of stopping at the first, so that an admin can
 * fix a file in one pass.
 */
public final class TopicFileParser {
    static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String FENCE = "---";

    private final YamlReader yaml;
    private final int maxBodyChars;

    public TopicFileParser(int maxBodyChars) {
        this(maxBodyChars, new YamlReader());
    }

    TopicFileParser(int maxBodyChars, YamlReader yaml) {
        this.maxBodyChars = maxBodyChars;
        this.yaml = yaml;
    }

    /** What the front matter may contain; anything else is reported as an unknown field. */
    record FrontMatter(@JsonProperty("id") String id,
                       @JsonProperty("title") String title,
                       @JsonProperty("questions") List<String> questions,
                       @JsonProperty("keywords") List<String> keywords,
                       @JsonProperty("offer") String offer) {
    }

    /** The parsed topic, or the errors that prevented it. */
    public record Result(Topic topic, List<KnowledgeError> errors) {
    }

    public Result parse(Path file, Lang lang, String content) {
        List<KnowledgeError> errors = new ArrayList<>();
        String[] lines = content.replace("\r\n", "\n").split("\n", -1);
        if (lines.length > 0 && lines[0].startsWith("\uFEFF")) {
            lines[0] = lines[0].substring(1);
        }
        if (lines.length == 0 || !lines[0].strip().equals(FENCE)) {
            errors.add(KnowledgeError.of(file, 1, Problem.TOPIC_NO_OPENING));
            return new Result(null, errors);
        }
        int closing = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals(FENCE)) {
                closing = i;
                break;
            }
        }
        if (closing < 0) {
            errors.add(KnowledgeError.of(file, 1, Problem.TOPIC_NOT_CLOSED));
            return new Result(null, errors);
        }
        String frontText = String.join("\n", java.util.Arrays.copyOfRange(lines, 1, closing));
        // The front matter starts on the file's second line, after the opening '---'.
        YamlReader.Read<FrontMatter> read = yaml.read(file, frontText, 2, yaml.type(FrontMatter.class));
        if (read.error() != null) {
            KnowledgeError error = read.error();
            errors.add(error.problem() == Problem.UNKNOWN_FIELD
                    ? KnowledgeError.of(file, error.line(), Problem.TOPIC_UNKNOWN_FIELD, "field", error.values().get("field"))
                    : KnowledgeError.of(file, error.line(), Problem.TOPIC_FRONT_NOT_YAML, "detail", error.values().get("detail")));
            return new Result(null, errors);
        }
        FrontMatter front = read.value();
        if (front == null) {
            front = new FrontMatter(null, null, null, null, null);
        }

        String expectedId = fileNameWithoutExtension(file);
        int idLine = lineOfKey(lines, closing, "id");
        if (front.id() == null || front.id().isBlank()) {
            errors.add(KnowledgeError.of(file, idLine, Problem.TOPIC_NO_ID, "expected", expectedId));
        } else if (!ID_PATTERN.matcher(front.id()).matches()) {
            errors.add(KnowledgeError.of(file, idLine, Problem.TOPIC_BAD_ID, "id", front.id()));
        } else if (!front.id().equals(expectedId)) {
            errors.add(KnowledgeError.of(file, idLine, Problem.TOPIC_ID_NOT_FILE, "id", front.id(), "expected", expectedId));
        }
        if (front.title() == null || front.title().isBlank()) {
            errors.add(KnowledgeError.of(file, lineOfKey(lines, closing, "title"), Problem.TOPIC_NO_TITLE));
        }
        List<String> questions = nonBlank(front.questions());
        if (questions.isEmpty()) {
            errors.add(KnowledgeError.of(file, lineOfKey(lines, closing, "questions"), Problem.TOPIC_NO_QUESTIONS));
        } else if (front.questions().size() != questions.size()) {
            errors.add(KnowledgeError.of(file, lineOfKey(lines, closing, "questions"), Problem.TOPIC_EMPTY_QUESTION));
        }

        if (front.offer() != null && FollowUps.Action.of(front.offer()).isEmpty()) {
            errors.add(KnowledgeError.of(file, lineOfKey(lines, closing, "offer"), Problem.TOPIC_BAD_OFFER, "offer", front.offer()));
        }
        String body = String.join("\n", java.util.Arrays.copyOfRange(lines, closing + 1, lines.length)).strip();
        int bodyLine = closing + 2;
        if (body.isEmpty()) {
            errors.add(KnowledgeError.of(file, bodyLine, Problem.TOPIC_EMPTY_BODY));
        } else if (body.length() > maxBodyChars) {
            errors.add(KnowledgeError.of(file, bodyLine, Problem.TOPIC_LONG_BODY, "length", body.length(), "max", maxBodyChars));
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        Topic topic = new Topic(front.id(), lang, front.title().strip(), questions, nonBlank(front.keywords()),
                body, file, front.offer() == null ? null : FollowUps.Action.of(front.offer()).orElseThrow());
        return new Result(topic, List.of());
    }

    private static List<String> nonBlank(List<String> items) {
        if (items == null) {
            return List.of();
        }
        return items.stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
    }

    private static int lineOfKey(String[] lines, int closing, String key) {
        for (int i = 1; i < closing; i++) {
            if (lines[i].startsWith(key + ":")) {
                return i + 1;
            }
        }
        return 1;
    }

    static String fileNameWithoutExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
