package cmoadvisor.search;

import java.util.ArrayList;
import java.util.List;

/** A topic's answer cut into its paragraphs and list items, the parts a follow-up may ask for alone. */
final class Passages {
    private Passages() {
    }

    static List<String> of(String markdown) {
        List<String> passages = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : markdown.split("\n")) {
            String stripped = line.strip();
            if (stripped.isEmpty() || isListItem(stripped)) {
                flush(paragraph, passages);
                if (!stripped.isEmpty()) {
                    passages.add(stripped);
                }
            } else {
                paragraph.append(paragraph.length() == 0 ? "" : "\n").append(stripped);
            }
        }
        flush(paragraph, passages);
        return passages;
    }

    /** The bold label that opens a list item ("**Стоимость:** ..."), or "" when it has none. */
    static String label(String passage) {
        if (!isListItem(passage)) {
            return "";
        }
        String item = passage.substring(2).strip();
        int end = item.indexOf("**", 2);
        return item.startsWith("**") && end > 2 ? item.substring(2, end) : "";
    }

    static boolean isListItem(String passage) {
        return passage.startsWith("- ") || passage.startsWith("* ");
    }

    private static void flush(StringBuilder paragraph, List<String> passages) {
        if (paragraph.length() > 0) {
            passages.add(paragraph.toString());
            paragraph.setLength(0);
        }
    }
}
