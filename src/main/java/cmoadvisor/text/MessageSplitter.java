package cmoadvisor.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a message into pieces Telegram accepts (4 096 characters). It cuts between paragraphs, else
 * between lines, so that no HTML tag is cut: the bot's markup never spans lines. A single line longer
 * than the limit loses its markup and is cut where it must be, between characters as a reader sees them.
 */
public final class MessageSplitter {
    public static final int TELEGRAM_LIMIT = 4096;

    private MessageSplitter() {
    }

    public static List<String> split(String html, int limit) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : html.split("\n", -1)) {
            if (line.length() > limit) {
                flush(current, pieces);
                String plain = Html.escape(Html.toPlainText(line));
                int start = 0;
                while (start < plain.length()) {
                    int end = safeEnd(plain, start, limit);
                    pieces.add(plain.substring(start, end));
                    start = end;
                }
                continue;
            }
            if (current.length() + line.length() + 1 > limit) {
                flush(current, pieces);
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            current.append(line);
        }
        flush(current, pieces);
        return pieces;
    }

    /**
     * Where a piece of escaped text may end: between two characters as a reader sees them (never inside a
     * surrogate pair, nor inside an emoji made of several code points such as 👩‍💻 or a flag, by ICU's
     * grapheme clusters), and not inside an entity such as &amp;amp;.
     */
    private static int safeEnd(String text, int start, int limit) {
        int end = Math.min(text.length(), start + limit);
        if (end < text.length()) {
            com.ibm.icu.text.BreakIterator characters = com.ibm.icu.text.BreakIterator.getCharacterInstance();
            characters.setText(text);
            int boundary = characters.isBoundary(end) ? end : characters.preceding(end);
            if (boundary > start) {
                end = boundary;
            }
        }
        int amp = text.lastIndexOf('&', end - 1);
        if (amp > start && text.indexOf(';', amp) >= end) {
            end = amp;
        }
        return end;
    }

    private static void flush(StringBuilder current, List<String> pieces) {
        String piece = current.toString().strip();
        if (!piece.isEmpty()) {
            pieces.add(piece);
        }
        current.setLength(0);
    }
}
