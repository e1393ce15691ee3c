package cmoadvisor.cli;

import cmoadvisor.knowledge.Lang;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed arguments: the command, the options every command shares ({@code --knowledge DIR},
 * {@code --lang ky|ru|en}) and the rest as positional arguments.
 */
public record CommandLine(String command, Path knowledgeDir, Optional<Lang> lang, List<String> arguments) {

    public static CommandLine parse(String[] args, Map<String, String> env) {
        String command = null;
        String knowledge = env.getOrDefault("KNOWLEDGE_DIR", "knowledge");
        Optional<Lang> lang = Optional.empty();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--knowledge") || arg.equals("--lang")) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                String value = args[++i];
                if (arg.equals("--knowledge")) {
                    knowledge = value;
                } else {
                    lang = Optional.of(Lang.fromCode(value)
                            .orElseThrow(() -> new UsageException("--lang takes ky, ru or en, not '" + value + "'")));
                }
            } else if (arg.startsWith("--knowledge=")) {
                knowledge = arg.substring("--knowledge=".length());
            } else if (command == null && !arg.startsWith("-")) {
                command = arg;
            } else {
                rest.add(arg);
            }
        }
        return new CommandLine(command == null ? "bot" : command, Path.of(knowledge), lang, List.copyOf(rest));
    }

    /** A mistake in the command line; the message is shown to the user with the usage. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
