package cmoadvisor.search;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Search over the fixed corpus of the project's knowledge: which topic answers which question. */
class AnswerEngineTest {
    private final AnswerEngine engine = TestKnowledge.engine();

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "Ретейнер деген эмне жана канча турат? | retainer-model | KY",
            "саатына канча алат | hourly-model | KY",
            "долбоорго канча акча керек | project-model | KY",
            "консультанттан айырмасы эмнеде | consultant-vs-fractional-cmo | KY",
            "Москвада CMOнун айлыгы | inhouse-cmo-salary | KY",
            "Почасовая оплата CMO сколько? | hourly-model | RU",
            "чем внешний CMO отличается от фрилансера | freelancer-vs-fractional-cmo | RU",
            "сколько экономии по сравнению со штатным | savings-and-advantages | RU",
            "How much is the hourly rate? | hourly-model | EN",
            "What happens in the first three months? | results-timeline | EN",
            "how to choose a fractional CMO | selection-criteria | EN"
    })
    void answer_picksTheTopicThatAnswersTheQuestion(String question, String topic, Lang lang) {
        Answer answer = engine.answer(question);
        assertThat(answer.answered()).isTrue();
        assertThat(answer.topicId()).isEqualTo(topic);
        assertThat(answer.lang()).isEqualTo(lang);
    }

    @Test
    void answer_toleratesKyrgyzTypedWithoutItsLetters() {
        Answer withLetters = engine.answer("Штаттагы CMOго караганда канча үнөмдөйбүз?");
        Answer without = engine.answer("Штаттагы CMOго караганда канча унемдойбуз?");
        assertThat(without.topicId()).isEqualTo(withLetters.topicId()).isEqualTo("savings-and-advantages");
    }

    @Test
    void answer_toleratesATypo() {
        assertThat(engine.answer("сколко стоит ретейнр в месяц").topicId()).isEqualTo("retainer-model");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Бишкекте эртең аба ырайы кандай?",
            "Как приготовить плов?",
            "Сколько стоит ремонт квартиры?",
            "How much does a mobile app cost?",
            "What is the capital of France?",
            "Tell me a joke"
    })
    void answer_declinesWhatTheKnowledgeDoesNotCover(String question) {
        Answer answer = engine.answer(question);
        assertThat(answer.answered()).isFalse();
        assertThat(answer.topicId()).isNull();
        assertThat(answer.markdown()).isEqualTo(TestKnowledge.knowledge().messages().get("decline", answer.lang()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "?", "*", "retainer*", "\"ретейнер\"", "cost: (hourly) [model] {x} ~2 ^3", "AND OR NOT", "\\", "/",
            "a:b:c", "+-&&||!", "ретейнер???", "'; DROP TABLE leads; --", "<b>ретейнер</b>", "😀😀", "\u0000"
    })
    void answer_neverThrows_onQueryParserSyntax(String question) {
        assertThatCode(() -> engine.answer(question)).doesNotThrowAnyException();
    }

    @Test
    void answer_handlesAVeryLongMessage() {
        String longQuestion = "ретейнер канча турат ".repeat(2_000);
        Answer answer = engine.answer(longQuestion);
        assertThat(answer.topicId()).isEqualTo("retainer-model");
    }

    @Test
    void answer_asksForText_whenTheQuestionIsBlank() {
        Answer answer = engine.answer("   ", Lang.RU);
        assertThat(answer.answered()).isFalse();
        assertThat(answer.markdown()).isEqualTo(TestKnowledge.knowledge().messages().get("empty_question", Lang.RU));
    }

    @Test
    void answer_usesTheRequestedLanguage_overTheDetectedOne() {
        Answer answer = engine.answer("What are the pros and cons of the retainer model?", Lang.KY);
        assertThat(answer.lang()).isEqualTo(Lang.KY);
        assertThat(answer.topicId()).isEqualTo("retainer-model");
        assertThat(answer.markdown())
                .isEqualTo(TestKnowledge.knowledge().topic("retainer-model", Lang.KY).orElseThrow().body());
    }

    @Test
    void explain_showsTheTermsAndTheRankedCandidates() {
        AnswerEngine.Explanation explanation = engine.explain("сколько стоит ретейнер и ремонт", Lang.RU);
        assertThat(explanation.unknownTerms()).anySatisfy(t -> assertThat(t).startsWith("ремонт"));
        assertThat(explanation.candidates()).isNotEmpty();
        assertThat(explanation.candidates().get(0).rank())
                .isGreaterThanOrEqualTo(explanation.candidates().get(explanation.candidates().size() - 1).rank());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "after {0}: {1} → {3}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            // last topic            | follow-up                  | lang | answered from          | has            | lacks
            "project-model           | а сколько это стоит?       | ru   | project-model          | $3 000–15 000  | $2 000–5 000",
            "project-model           | а минусы?                  | ru   | project-model          | Минусы         | Плюсы",
            "project-model           | а ретейнер?                | ru   | retainer-model         | $2 000–5 000   | $3 000–15 000",
            "hourly-model            | кимге ылайык?              | ky   | hourly-model           | стартап        | $50–150",
            "hourly-model            | who is it for?             | en   | hourly-model           | start-ups      | Cons",
            "hourly-model            | How many hours a month?    | en   | hourly-model           | 20–40          | Pros",
            "inhouse-cmo-salary      | а в Москве?                | ru   | inhouse-cmo-salary     | $5 000–10 000  | ",
            "what-is-fractional-cmo  | а сколько дней в неделю он работает? | ru | what-is-fractional-cmo | 2–4 дня  | ",
            "evaluating-results      | Канча убакыттан кийин баалоо керек? | ky | evaluating-results | 3–6        | ",
    })
    void answer_resolvesAFollowUpAgainstTheLastTopic(String lastTopic, String question, String lang, String topic,
                                                    String has, String lacks) {
        cmoadvisor.knowledge.Lang l = cmoadvisor.knowledge.Lang.fromCode(lang).orElseThrow();
        Answer answer = engine.answer(question, question, l, l, lastTopic);
        assertThat(answer.topicId()).isEqualTo(topic);
        assertThat(answer.markdown()).contains(has);
        if (lacks != null) {
            assertThat(answer.markdown()).doesNotContain(lacks);
        }
    }

    @org.junit.jupiter.api.Test
    void answer_aQuestionAboutSomethingElse_isNoFollowUp() {
        Answer answer = engine.answer("Сколько стоит ремонт квартиры?", "Сколько стоит ремонт квартиры?",
                cmoadvisor.knowledge.Lang.RU, cmoadvisor.knowledge.Lang.RU, "retainer-model");
        assertThat(answer.answered()).isFalse();
    }
}
