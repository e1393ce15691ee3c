package cmoadvisor.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A topic's answer cut into the parts a follow-up may ask for alone: paragraphs, list items, and a
 * heading line ("Артыкчылыктары:") together with the list under it. A part may open with a short label
 * and a colon ("**Стоимость:** ...", "Баасы: ...", "Who it suits: ..."): the name of that part.
 */
final class Passages {
    private static final int MAX_LABEL_WORDS = 5;

    private Passages() {
    }

    static List<String> of(String markdown) {
        List<String> passages = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean underHeading = false;
        for (String line : markdown.split("\n")) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                flush(current, passages);
                underHeading = false;
            } else if (isListItem(stripped)) {
                if (!underHeading) {
                    flush(current, passages);
                    passages.add(stripped);
                } else {
                    current.append('\n').append(stripped);
                }
            } else {
                flush(current, passages);
                current.append(stripped);
                underHeading = stripped.endsWith(":");
            }
        }
        flush(current, passages);
        return passages;
    }

    /** The label that opens a part ("Стоимость" of "**Стоимость:** $2 000–5 000"), or "" when it has none. */
    static String label(String passage) {
        String text = isListItem(passage) ? passage.substring(2).strip() : passage;
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return "";
        }
        String label = text.substring(0, colon).replace("*", "").strip();
        return label.isEmpty() || label.split("\\s+").length > MAX_LABEL_WORDS ? "" : label;
    }

    static boolean isListItem(String passage) {
        return passage.startsWith("- ") || passage.startsWith("* ");
    }

    private static void flush(StringBuilder current, List<String> passages) {
        if (current.length() > 0) {
            passages.add(current.toString());
            current.setLength(0);
        }
    }
}
