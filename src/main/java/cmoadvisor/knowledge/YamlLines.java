package cmoadvisor.knowledge;

import java.util.regex.Pattern;

/**
 * Finds the line of a key in YAML text. Jackson's error locations point at the token it stopped on,
 * which is often the line after the culprit; admins need the line of the key itself.
 */
final class YamlLines {
    private YamlLines() {
    }

    /** The 1-based line of the first {@code key:} (also as a list item), counted from {@code firstLine}. */
    static int lineOfKey(String text, String key, int firstLine, int fallback) {
        Pattern pattern = Pattern.compile("^\\s*(-\\s+)?" + Pattern.quote(key) + "\\s*:");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (pattern.matcher(lines[i]).find()) {
                return firstLine + i;
            }
        }
        return fallback;
    }
}
