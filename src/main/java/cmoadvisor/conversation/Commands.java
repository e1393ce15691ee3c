package cmoadvisor.conversation;

import java.util.List;
import java.util.Optional;

/**
 * The bot's commands and who has them, in one place: the engine decides by it who may run what, and the
 * transports make their command menus and the admins' /help from it, so that a menu never offers a command
 * the chat cannot use.
 */
public final class Commands {
    /** A command as a menu shows it: the name without the slash, and the messages.yaml key of its description. */
    public record Command(String name, String descriptionKey) {
        public String typed() {
            return "/" + name;
        }
    }

    /** What every private chat has. */
    public static final List<Command> PROSPECT = named("start", "help", "quiz", "prices", "human", "lang", "cancel", "forget");
    /** What admins have besides, in their private chat with the bot. */
    public static final List<Command> ADMIN = named("reload", "stats", "gaps", "leads");
    /** In the agency group, /help tells how the desk works (take, answer, release, done). */
    public static final Command DESK_HELP = new Command("help", "cmd_desk_help");
    /**
     * What the agency group has: the desk's help only. The prospects' commands start flows the group cannot
     * have (a quiz, a hand-off to itself), so they are left out of its menu.
     */
    public static final List<Command> AGENCY = List.of(DESK_HELP);

    private Commands() {
    }

    /** The command a message starts with, as the engine compares it: "/help@cmo_bot now" → "/help". */
    static String typedIn(String text) {
        return text.strip().split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT).replaceFirst("@.*$", "");
    }

    /** The admin command typed ("/stats", lower-case, without "@bot"), if it is one. */
    static Optional<Command> admin(String typed) {
        return ADMIN.stream().filter(c -> c.typed().equals(typed)).findFirst();
    }

    private static List<Command> named(String... names) {
        return java.util.Arrays.stream(names).map(name -> new Command(name, "cmd_" + name)).toList();
    }
}
