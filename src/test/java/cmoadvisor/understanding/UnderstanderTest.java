package cmoadvisor.understanding;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Dialogue.AmountKind;
import cmoadvisor.knowledge.DialogueAct;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The understanding step as tables: acts, language, transliteration, amounts and what they are about. */
class UnderstanderTest {
    private static final Understander UNDERSTANDER = new Understander(TestKnowledge.engine());

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "Здравствуйте!                          | GREET",
            "Салам!                                 | GREET",
            "Hi there!                              | GREET",
            "Спасибо большое!                       | THANKS",
            "Рахмат, баары түшүнүктүү болду         | THANKS",
            "Thanks, bye!                           | THANKS BYE",
            "Вы бот или живой человек?              | IDENTITY",
            "Сен кимсиң?                            | IDENTITY",
            "What can you do?                       | CAPABILITIES",
            "понятно                                | ACKNOWLEDGE",
            "👍                                     | ACKNOWLEDGE",
            "да, давайте                            | AFFIRM",
            "ооба, байланыштырыңыз                  | AFFIRM",
            "no thanks, not now                     | DENY THANKS",
            "хочу поговорить с менеджером           | ASK_HUMAN",
            "Fine, I want to talk to someone from your team | ASK_HUMAN",
            "давайте пройдём тест                   | ASK_QUIZ",
            "тестти баштайлы                        | ASK_QUIZ",
            "Покажите ваши цены                     | ASK_PRICES",
            "Сравните со штатным, если ему платить 3500 | ASK_CALCULATOR",
            "Всё равно дороговато выходит           | OBJECTION",
    })
    void understand_findsTheDialogueActs(String message, String acts) {
        Understanding u = UNDERSTANDER.understand(message, Lang.RU);
        assertThat(u.acts()).containsAll(Arrays.stream(acts.split(" ")).map(DialogueAct::valueOf).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Сколько стоит ретейнер?",
            "Какие цены на ретейнер?",
            "у нас нет стратегии",
            "How much can we save, and are there benefits beyond price?",
            "Кто такой CMO?",
            "Покажите, пожалуйста, как оценить результат",
    })
    void understand_aQuestionIsNoSmallTalkNorARequest(String message) {
        Understanding u = UNDERSTANDER.understand(message, Lang.RU);
        assertThat(u.acts()).doesNotContain(DialogueAct.DENY, DialogueAct.BYE, DialogueAct.OBJECTION, DialogueAct.ASK_PRICES,
                DialogueAct.IDENTITY);
        assertThat(u.hasContent()).isTrue();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "Здравствуйте, сколько стоит ретейнер?  | сколько стоит ретейнер?",
            "Салам! Ретейнер канча турат?            | Ретейнер канча турат?",
            "Спасибо. А минусы?                      | А минусы?",
            "Здравствуйте сколько стоит ретейнер    | сколько стоит ретейнер",
    })
    void understand_aGreetingBeforeAQuestionLeavesTheQuestion(String message, String content) {
        assertThat(UNDERSTANDER.understand(message, Lang.RU).content()).isEqualTo(content);
    }

    @ParameterizedTest(name = "{0} → {1} / {2}")
    @CsvSource(delimiter = '|', value = {
            "skolko stoit pochasovaya model?          | ru | сколько стоит почасовая модел?",
            "tyshky CMO kancha turat?                 | ky | тышкы CMO канча турат?",
            "shtatniy CMO v Moskve skolko poluchaet?  | ru | штатний CMO в москве сколько получает?",
            "What's the hourly rate of a fractional CMO? | en | What's the hourly rate of a fractional CMO?",
    })
    void understand_readsLatinLettersAsTheLanguageTheyType(String message, String lang, String content) {
        Understanding u = UNDERSTANDER.understand(message, Lang.RU);
        assertThat(u.lang()).contains(Lang.fromCode(lang).orElseThrow());
        assertThat(u.content()).isEqualToIgnoringCase(content);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"ok", "5000", "👍"})
    void understand_aMessageWithoutALanguageKeepsTheChats(String message) {
        assertThat(UNDERSTANDER.understand(message, Lang.KY).lang()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"Ретейнер қанша тұрады?", "Сәлеметсіз бе, CMO керек пе?"})
    void understand_kazakhIsAnsweredInRussian(String message) {
        Understanding u = UNDERSTANDER.understand(message, Lang.KY);
        assertThat(u.kazakh()).isTrue();
        assertThat(u.lang()).contains(Lang.RU);
    }

    @ParameterizedTest(name = "{0} → {1} {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "У нас оборот около 30 млн тенге в месяц                    | TURNOVER       | 30000000 | KZT",
            "Айлык жүгүртүүбүз $150 000гө жетти                           | TURNOVER       | 150000   | USD",
            "у меня CMO получает $4 500                                   | SALARY         | 4500     | USD",
            "оклад 400 000 сом (около $4 500)                             | SALARY         | 4500     | USD",
            "Бишкекте штаттагы CMOго айына 300 000 сом маяна              | SALARY         | 300000   | KGS",
            "Штаттагы CMOнун айлыгы 5500 доллар болсо                     | SALARY         | 5500     | USD",
            "Our in-house CMO costs us about $7,000 a month all-in        | IN_HOUSE_TOTAL | 7000     | USD",
            "Готовы тратить на маркетинг-директора около $1000 в месяц     | BUDGET         | 1000     | USD",
            "We can spend around $4,000 a month                           | BUDGET         | 4000     | USD",
            "Жылына окутууга $1 000 гана бөлө алабыз                      | COST_ITEM      | 1000     | USD",
    })
    void understand_readsAmountsAndWhatTheyAreAbout(String message, AmountKind kind, double value, Money.Currency currency) {
        Understanding u = UNDERSTANDER.understand(message, Lang.RU);
        assertThat(u.moneyKind()).contains(kind);
        assertThat(u.mainAmount()).hasValueSatisfying(a -> {
            assertThat(a.value()).isEqualTo(value);
            assertThat(a.currency()).isEqualTo(currency);
        });
    }

    @ParameterizedTest(name = "{0} → {1} h, {2} days")
    @CsvSource(delimiter = '|', value = {
            "10 часов в месяц хватит?                         | 10 | ",
            "Бизге айына болжол менен 20 саат CMO керек       | 20 | ",
            "максимум $1 500 в месяц, но 2 дня в неделю       |    | 2",
            "через 3-6 месяцев                                |    | ",
    })
    void understand_hoursAndDaysAreNoMoney(String message, Integer hours, Integer days) {
        Understanding u = UNDERSTANDER.understand(message, Lang.RU);
        assertThat(u.hours()).isEqualTo(Optional.ofNullable(hours));
        assertThat(u.daysPerWeek()).isEqualTo(Optional.ofNullable(days));
        assertThat(u.money()).allSatisfy(a -> assertThat(a.value()).isGreaterThanOrEqualTo(100));
    }

    @ParameterizedTest(name = "{0} → agency {1}, off topic {2}")
    @CsvSource(delimiter = '|', value = {
            "Где находится ваш офис в Бишкеке?                       | true  | false",
            "Есть ли скидка, если заключим договор сразу на год?     | true  | false",
            "Агенттигиңизде канча адис иштейт?                       | true  | false",
            "Do you sign an NDA before we share our sales data?      | true  | false",
            "И он будет сидеть у нас в офисе каждый день?            | false | false",
            "Какую модель вы рекомендуете и с чего лучше начать?     | false | false",
            "Какая сейчас средняя зарплата таргетолога в Бишкеке?    | false | true",
            "How do I set up Google Ads conversion tracking?         | false | true",
            "Биздин командада таргетолог жана дизайнер бар, бирок лидер жок | false | false",
    })
    void understand_tellsAgencyFactsAndOtherSubjects(String message, boolean agency, boolean offTopic) {
        Understanding u = UNDERSTANDER.understand(message, Lang.RU);
        assertThat(u.agencyFact() || u.agencyMaybe()).isEqualTo(agency);
        assertThat(u.offTopic()).isEqualTo(offTopic);
    }
}
