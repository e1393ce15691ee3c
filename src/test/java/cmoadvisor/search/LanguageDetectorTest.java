package cmoadvisor.search;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageDetectorTest {
    private final LanguageDetector detector = new LanguageDetector(TestKnowledge.knowledge());

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "Ретейнер канча турат? | KY",
            "ретейнер канча турат | KY",
            "Тышкы маркетинг директору эмне кылат | KY",
            "тышкы смо ким | KY",
            "Fractional CMO деген эмне? | KY",
            "биздин компанияга CMO керекпи | KY",
            "осуш жайлады, эмне кылабыз | KY",
            "Сколько стоит ретейнер? | RU",
            "скока стоит смо | RU",
            "Что такое fractional CMO? | RU",
            "у нас нет стратегии | RU",
            "What does a retainer cost? | EN",
            "fractional cmo vs consultant | EN",
            "CMO | EN"
    })
    void detect_recognisesTheLanguage(String text, Lang expected) {
        assertThat(detector.detect(text, Lang.KY)).isEqualTo(expected);
    }

    @Test
    void detect_returnsTheFallback_whenTheTextHasNoLetters() {
        assertThat(detector.detect("2000?! 5 000", Lang.RU)).isEqualTo(Lang.RU);
        assertThat(detector.detect("", Lang.EN)).isEqualTo(Lang.EN);
    }

    @Test
    void detect_prefersRussian_forCyrillicWithoutAnyKyrgyzSign() {
        assertThat(detector.detect("ретейнер", Lang.KY)).isEqualTo(Lang.RU);
    }
}
