package cmoadvisor.understanding;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Whatever a prospect types, the understanding step answers, as Lucene's checkRandomData does for its
 * analyzers: random strings from every alphabet the bot meets, digits, currency signs, punctuation,
 * pictographs and surrogate pairs, control characters, very long runs.
 */
class UnderstanderRandomInputTest {
    private static final String[] PIECES = {
            "а", "б", "ң", "ө", "ү", "қ", "ә", "і", "ё", "ъ", "sh", "ya", "y", "i", "e", "x", "'", "’", "$", "₸", "k", "к",
            "млн", "тыс", "сом", "руб", "%", "0", "1", "5", "9", ",", ".", " ", " ", " ", "\n", "\t", "?", "!", "-", "—",
            "«", "»", "(", ")", "*", "\\", "\u0000", "\u200b", "\u202e", "👍", "🙏", "👩‍💻", "\uD83D", "ا", "中", "ﬁ",
            "Ретейнер", "CMO", "да", "нет", "ok", "салам", "спасибо", "оборот", "зарплата", "часов", "дня в неделю",
    };

    @Test
    void understand_neverThrows_onRandomText() {
        Understander understander = new Understander(TestKnowledge.engine());
        Random random = new Random(20261201L);
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(i % 100 == 0 ? 400 : 12);
            for (int p = 0; p < length; p++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String message = text.toString();
            Lang lang = Lang.values()[random.nextInt(Lang.values().length)];
            assertThatCode(() -> {
                Understanding u = understander.understand(message, lang);
                assertThat(u.content()).isNotNull();
            }).as("understanding %s", message).doesNotThrowAnyException();
        }
    }

    @Test
    void understand_readsHugeAndOddNumbersWithoutFailing() {
        Understander understander = new Understander(TestKnowledge.engine());
        for (String message : new String[]{"99999999999999999999999 тенге оборот", "$", "k", "1,5,000 сом зарплата",
                "0.000000001 млрд", "зарплата 1e9", "оборот 5 млрд ₸", "-5000 долларов бюджет", "10 000 000 000 000 часов"}) {
            assertThatCode(() -> understander.understand(message, Lang.RU)).as(message).doesNotThrowAnyException();
        }
    }
}
