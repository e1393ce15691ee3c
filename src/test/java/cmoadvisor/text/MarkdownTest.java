package cmoadvisor.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownTest {
    private static final String ANSWER = "**Ретейнер**: $2 000–5 000.\n\n- **Плюсы:** глубокое погружение\n- Минусы";

    @Test
    void toPlain_dropsMarkersAndDrawsBullets() {
        assertThat(Markdown.toPlain(ANSWER))
                .isEqualTo("Ретейнер: $2 000–5 000.\n\n• Плюсы: глубокое погружение\n• Минусы");
    }

    @Test
    void toTelegramHtml_makesBoldTags_andEscapesEverythingElse() {
        assertThat(Markdown.toTelegramHtml("**A & B** <script> \"x\"\n- item"))
                .isEqualTo("<b>A &amp; B</b> &lt;script&gt; &quot;x&quot;\n• item");
    }

    @Test
    void escape_coversTheCharactersTelegramParses() {
        assertThat(Html.escape("<a href=\"x\">&</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }
}
