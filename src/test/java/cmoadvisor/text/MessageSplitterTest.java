package cmoadvisor.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageSplitterTest {

    @Test
    void split_keepsAShortMessageWhole() {
        assertThat(MessageSplitter.split("<b>a</b>\n\nb", 4096)).containsExactly("<b>a</b>\n\nb");
    }

    @Test
    void split_cutsBetweenLines_soThatNoTagIsCut() {
        String line = "<b>" + "x".repeat(40) + "</b>";
        String html = String.join("\n", line, line, line);
        List<String> pieces = MessageSplitter.split(html, 100);
        assertThat(pieces).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("<b>").endsWith("</b>").hasSizeLessThanOrEqualTo(100));
        assertThat(String.join("\n", pieces)).isEqualTo(html);
    }

    @Test
    void split_cutsAnOverlongLine_withoutBreakingAnEntity() {
        String line = "a".repeat(9) + "&amp;" + "b".repeat(20);
        List<String> pieces = MessageSplitter.split(line, 12);
        assertThat(String.join("", pieces)).isEqualTo(line);
        assertThat(pieces).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(12);
            assertThat(p.lastIndexOf('&') < 0 || p.indexOf(';', p.lastIndexOf('&')) > 0).isTrue();
        });
    }

    @Test
    void split_staysWithinTelegramsLimit_forAVeryLongAnswer() {
        String html = ("<b>Ретейнер</b>: $2 000–5 000 &amp; more\n").repeat(500);
        assertThat(MessageSplitter.split(html, MessageSplitter.TELEGRAM_LIMIT))
                .hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"😀", "👩‍💻", "🇰🇬", "👍🏽", "é"})
    void split_aLongLine_neverCutsInsideACharacterAsReadersSeeIt(String character) {
        for (int shift = 0; shift < 4; shift++) {
            String line = "a".repeat(shift) + character.repeat(40);
            for (String piece : MessageSplitter.split(line, 9)) {
                assertThat(piece.replace("a", "").replace(character, "")).as(piece).isEmpty();
                assertThat(piece.length()).isLessThanOrEqualTo(9);
            }
            assertThat(String.join("", MessageSplitter.split(line, 9))).isEqualTo(line);
        }
    }
}
