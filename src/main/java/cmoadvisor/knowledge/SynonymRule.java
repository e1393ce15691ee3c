package cmoadvisor.knowledge;

import java.nio.file.Path;

/** One line of {@code synonyms.txt}, with where it came from for error messages. */
public record SynonymRule(Path file, int line, String text) {
}
