package cmoadvisor.knowledge;

import java.nio.file.Path;

/**
 * One problem found in a knowledge file. Admins fix files by hand, so every error says where: the file,
 * the line (1-based, 0 when the problem concerns the file as a whole) and what is wrong.
 */
public record KnowledgeError(Path file, int line, String message) {

    @Override
    public String toString() {
        String where = file == null ? "knowledge" : file.toString();
        return line > 0 ? where + ":" + line + ": " + message : where + ": " + message;
    }
}
