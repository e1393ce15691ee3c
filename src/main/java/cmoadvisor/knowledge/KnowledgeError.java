package cmoadvisor.knowledge;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One problem found in a knowledge file. Admins fix files by hand, so every error says where: the file,
 * the line (1-based, 0 when the problem concerns the file as a whole) and what is wrong. {@code message} is
 * in English (the command line, the logs); a {@link Problem} also has it in the admin's language, with the
 * error's {@code values} filled in, and null marks a problem worded in English only.
 */
public record KnowledgeError(Path file, int line, String message, Problem problem, Map<String, String> values) {

    public KnowledgeError {
        values = Map.copyOf(values);
    }

    /** A problem worded in English only. */
    public KnowledgeError(Path file, int line, String message) {
        this(file, line, message, null, Map.of());
    }

    /** A problem worded in every language; {@code pairs} are its values: name, value, name, value... */
    public static KnowledgeError of(Path file, int line, Problem problem, Object... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            values.put(String.valueOf(pairs[i]), String.valueOf(pairs[i + 1]));
        }
        return new KnowledgeError(file, line, problem.in(Lang.EN, values), problem, values);
    }

    /** What is wrong, in {@code lang} when the problem is worded in it, else in English. */
    public String message(Lang lang) {
        return problem == null ? message : problem.in(lang, values);
    }

    /**
     * The same problem with the file named inside {@code folder} ("ru/prices.md"), as the admin knows it,
     * rather than by the folder's own path, which for an upload is a scratch copy. The folder itself, or a
     * file elsewhere, keeps its path.
     */
    public KnowledgeError within(Path folder) {
        if (file == null) {
            return this;
        }
        Path root = folder.toAbsolutePath().normalize();
        Path path = file.toAbsolutePath().normalize();
        return path.startsWith(root) && !path.equals(root)
                ? new KnowledgeError(root.relativize(path), line, message, problem, values) : this;
    }

    /** "ru/prices.md:12: what is wrong", in {@code lang}. */
    public String toString(Lang lang) {
        String where = file == null ? "knowledge" : file.toString();
        String what = message(lang);
        return line > 0 ? where + ":" + line + ": " + what : where + ": " + what;
    }

    @Override
    public String toString() {
        return toString(Lang.EN);
    }
}
