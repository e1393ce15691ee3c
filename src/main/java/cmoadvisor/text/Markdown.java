package cmoadvisor.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small Markdown subset the knowledge files use: {@code **bold**}, lines starting with {@code - } as
 * bullets, blank lines between paragraphs. Rendered as plain text (console, {@code ask}) or as Telegram
 * HTML, where everything but our own tags is escaped.
 */
public final class Markdown {
    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern BULLET = Pattern.compile("(?m)^[ \\t]*[-*] ");

    private Markdown() {
    }

    public static String toPlain(String markdown) {
        String text = BOLD.matcher(markdown).replaceAll("$1");
        return BULLET.matcher(text).replaceAll("• ").strip();
    }

    public static String toTelegramHtml(String markdown) {
        String escaped = Html.escape(markdown);
        Matcher m = BOLD.matcher(escaped);
        String text = m.replaceAll("<b>$1</b>");
        return BULLET.matcher(text).replaceAll("• ").strip();
    }
}
