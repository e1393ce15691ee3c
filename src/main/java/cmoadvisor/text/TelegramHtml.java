package cmoadvisor.text;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Telegram's HTML parse mode accepts: its own tags only (b, strong, i, em, u, ins, s, strike, del, a,
 * code, pre, tg-spoiler, blockquote), properly nested and closed, and &amp; only as an entity. A message
 * that breaks these rules is refused by Telegram with "can't parse entities", so the knowledge is checked
 * against them when it loads, and every message again before it goes out.
 */
public final class TelegramHtml {
    private static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a",
            "code", "pre", "tg-spoiler", "blockquote", "span", "tg-emoji");
    static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>|<|>|&(#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|&");
    private static final Set<String> ENTITIES = Set.of("lt", "gt", "amp", "quot");

    private TelegramHtml() {
    }

    /** What Telegram would refuse in this text, or empty when it is fine. Placeholders ({name}) are text. */
    public static Optional<String> problem(String html) {
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(html);
        for (int from = 0; findFrom(m, html, from); from = m.end()) {
            String found = m.group();
            if (m.group(2) != null) {
                String name = m.group(2).toLowerCase(java.util.Locale.ROOT);
                if (!TAGS.contains(name)) {
                    return Optional.of("<" + m.group(1) + m.group(2) + "> is not a tag Telegram allows (b, i, u, s, a, code, pre, blockquote)");
                }
                if (m.group(1).isEmpty()) {
                    open.push(name);
                } else if (open.isEmpty() || !open.pop().equals(name)) {
                    return Optional.of("</" + name + "> closes a tag that is not open");
                }
            } else if (found.equals("<") || found.equals(">")) {
                return Optional.of("a bare '" + found + "': write &lt; or &gt;");
            } else if (found.equals("&")) {
                return Optional.of("a bare '&': write &amp;");
            } else if (m.group(4) != null && !m.group(4).startsWith("#") && !ENTITIES.contains(m.group(4))) {
                return Optional.of(found + " is not an entity Telegram knows (&lt; &gt; &amp; &quot;)");
            }
        }
        return open.isEmpty() ? Optional.empty() : Optional.of("<" + open.peek() + "> is never closed");
    }

    /**
     * {@code m.find(from)}, the same match, found faster: every alternative of {@link #TAG} starts with '<', '>'
     * or '&', so the plain text between them is skipped by a character scan and the pattern is tried only
     * there. (Tried at every character, the pattern was about 2% of the bot's CPU: every message is checked
     * before it goes out.)
     */
    static boolean findFrom(Matcher m, String html, int from) {
        for (int i = from; i < html.length(); i++) {
            char c = html.charAt(i);
            if (c == '<' || c == '>' || c == '&') {
                m.region(i, html.length());
                // '<', '>' and '&' alone match: lookingAt never fails here.
                return m.lookingAt();
            }
        }
        return false;
    }
}
