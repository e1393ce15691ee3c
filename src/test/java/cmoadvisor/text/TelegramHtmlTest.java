package cmoadvisor.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Only what Telegram's HTML parse mode accepts passes. */
class TelegramHtmlTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "<b>bold</b> and <i>it</i>", "<a href=\"https://x.kg\">x</a>", "5 &lt; 6 &amp; &quot;q&quot;",
            "{name}, <b>{price}</b>", "&#128077;", "<b><i>nested</i></b>"})
    void problem_none_forWhatTelegramAccepts(String html) {
        assertThat(TelegramHtml.problem(html)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"line<br>break", "<b>never closed", "<b><i>crossed</b></i>", "closing</b>", "a < b", "R&D",
            "&nbsp;", "<div>x</div>"})
    void problem_named_forWhatTelegramRefuses(String html) {
        assertThat(TelegramHtml.problem(html)).isPresent();
    }
}
