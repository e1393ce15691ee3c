package cmoadvisor.knowledge;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when the knowledge folder is invalid; carries every error found, not just the first. */
public class KnowledgeException extends RuntimeException {
    private final List<KnowledgeError> errors;

    public KnowledgeException(List<KnowledgeError> errors) {
        this("the knowledge files", errors);
    }

    /** Problems of the folder {@code dir}, whose files the errors name inside it. */
    public KnowledgeException(java.nio.file.Path dir, List<KnowledgeError> errors) {
        this("the knowledge folder " + dir, errors);
    }

    private KnowledgeException(String where, List<KnowledgeError> errors) {
        super(errors.size() + " problem(s) in " + where + ":\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<KnowledgeError> errors() {
        return errors;
    }
}
