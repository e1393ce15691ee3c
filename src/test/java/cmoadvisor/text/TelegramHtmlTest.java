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

    @org.junit.jupiter.api.Test
    void findFrom_randomText_findsWhatTheRegularExpressionFinds() {
        java.util.Random random = new java.util.Random(20261207);
        String alphabet = "<>&/#;=\"ab1x -ü";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String html = text.toString();
            java.util.List<String> expected = TelegramHtml.TAG.matcher(html).results()
                    .map(r -> r.start() + ":" + r.group()).toList();
            java.util.List<String> found = new java.util.ArrayList<>();
            java.util.regex.Matcher m = TelegramHtml.TAG.matcher(html);
            for (int from = 0; TelegramHtml.findFrom(m, html, from); from = m.end()) {
                found.add(m.start() + ":" + m.group());
            }
            assertThat(found).as(html).isEqualTo(expected);
        }
    }
}
