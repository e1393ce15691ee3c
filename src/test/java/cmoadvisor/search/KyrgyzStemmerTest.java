package cmoadvisor.search;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KyrgyzStemmerTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            // plural, in all four vowel-harmony variants and after voiced/unvoiced consonants
            "моделдер, модел",
            "адистер, адис",
            "маркетологдор, маркетолок",
            "каналдар, канал",
            "бонустар, бонус",
            // possessive
            "стратегиябыз, стратегия",
            "стратегиясы, стратегия",
            "компанияңыз, компания",
            "компанияныз, компания",
            // case endings
            "стратегияны, стратегия",
            "маркетингди, маркетинк",
            "маркетолоктун, маркетолок",
            "офиске, офис",
            "бизнести, бизнес",
            "Бишкекте, Бишкек",
            "долбоордон, долбоор",
            // chains of endings
            "моделдеринин, модел",
            // question particle
            "кымбатпы, кымбат",
            // k/g alternation: кемчилик / кемчилиги
            "кемчилиги, кемчилик",
            "кемчиликтери, кемчилик",
            // verbal noun
            "баалоо, баал",
            // Latin stems with Kyrgyz endings
            "cmoнун, cmo",
            "cmoну, cmo",
            // short or ending-less words stay as they are
            "ай, ай",
            "смо, смо",
            "ким, ким"
    })
    void stem_stripsEndingsToTheSharedStem(String word, String stem) {
        assertThat(KyrgyzStemmer.stem(word.toLowerCase(java.util.Locale.ROOT)))
                .isEqualTo(stem.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The stem need not be the dictionary root (a vowel-final root loses its vowel: белги → белк), as long
     * as every form of the word meets at the same stem on both sides of the search.
     */
    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({
            "белгилер, белги",
            "белгиси, белгилерди",
            "кеңсеге, кеңседе",
            "кеңсе, кенсеге",
            "командада, командасы",
            "команда, командабыз",
            "өсүшү, осушу",
            "төлөмдөр, толомдор",
            "жумасына, жумада",
            "маянасы, маянага",
            "салыктар, салыктардын",
            "модель, моделдин"
    })
    void stem_bringsTwoFormsOfOneWordTogether(String a, String b) {
        assertThat(KyrgyzStemmer.stem(LetterFolding.fold(a))).isEqualTo(KyrgyzStemmer.stem(LetterFolding.fold(b)));
    }
}
