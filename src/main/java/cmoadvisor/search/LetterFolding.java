package cmoadvisor.search;

/**
 * Folds letters that people often type one for another: Kyrgyz ң ө ү typed as н о у on keyboards without
 * them, and Russian ё typed as е. Applied to both the index and the question in the tolerant fields.
 */
public final class LetterFolding {
    private LetterFolding() {
    }

    public static String fold(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char folded = fold(c);
            if (folded != c) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, folded);
            }
        }
        return out == null ? text : out.toString();
    }

    public static char fold(char c) {
        return switch (c) {
            case 'ң' -> 'н';
            case 'ө' -> 'о';
            case 'ү' -> 'у';
            case 'ё' -> 'е';
            case 'Ң' -> 'Н';
            case 'Ө' -> 'О';
            case 'Ү' -> 'У';
            case 'Ё' -> 'Е';
            default -> c;
        };
    }
}
