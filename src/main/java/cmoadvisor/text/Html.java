package cmoadvisor.text;

/** Escaping for Telegram's HTML parse mode, which understands only &amp;lt; &amp;gt; &amp;amp; and &amp;quot;. */
public final class Html {
    private Html() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The text a user reads from our HTML: tags dropped, the four entities decoded. */
    public static String toPlainText(String html) {
        return html.replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
