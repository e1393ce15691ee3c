package cmoadvisor.conversation;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the bot holds a conversation (issue 7), one transcript per thing prospects do: small talk, Latin
 * letters, follow-ups, yes and no to the bot's offer, typed requests, numbers, long messages, questions
 * the article does not answer, Kazakh.
 */
class DialogueTranscriptTest {
    private static final Person AIDA = new Person(601, "aida", "Аида", "ru");
    private static final Person BEK = new Person(602, null, "Бек", "ky");
    private static final Person JOHN = new Person(603, "john", "John", "en");

    private final InMemoryStore store = new InMemoryStore();
    private final ConversationEngine engine = new ConversationEngine(TestKnowledge.engine(),
            new ConversationEngine.Options(Transcript.AGENCY, Lang.RU, Duration.ofMinutes(60), Set.of(), null));

    private Transcript chat(Person person) {
        return new Transcript(engine, store, person);
    }

    @Test
    void smallTalk_getsAShortReplyOfItsOwn_andAGreetingBeforeAQuestionAnswersTheQuestion() {
        Transcript chat = chat(AIDA).user("Добрый день!").botSays("Здравствуйте").botNeverSays("ничего нет");
        assertThat(chat.buttons()).contains("menu:quiz", "menu:human");
        chat.user("Здравствуйте, сколько стоит ретейнер?").botSays("$2 000–5 000")
                .user("Спасибо большое!").botSays("Пожалуйста")
                .user("ты бот?").botSays("бот")
                .user("понятно").botNeverSays("ничего нет");
        chat(BEK).user("Салам!").botSays("Саламатсызбы")
                .user("Рахмат, баары түшүнүктүү болду").botNeverSays("эч нерсе жок");
        chat(JOHN).user("What can you do?").botSays("CMO", "$2 000–5 000").user("Thanks, bye!").botSays("Goodbye");
    }

    @Test
    void latinLetters_areReadAsRussianOrKyrgyz_andAnsweredInThatLanguage() {
        chat(JOHN).user("skolko stoit pochasovaya model?").botSays("$50–150 в час");
        chat(new Person(604, null, "Nurlan", "en")).user("tyshky CMO emne kylat?").bot(text -> text.containsPattern("[өүң]"));
    }

    @Test
    void followUps_answerThePartOfTheLastTopicThatWasAsked() {
        chat(AIDA).user("Что такое проектная модель?").botSays("$3 000–15 000")
                .user("а сколько это стоит?").botSays("$3 000–15 000").botNeverSays("$2 000–5 000", "$50–150")
                .user("а минусы?").botSays("Минусы").botNeverSays("Плюсы")
                .user("а ретейнер?").botSays("$2 000–5 000");
        chat(BEK).user("Сааттык модель деген эмне?").user("кимге ылайык?").botSays("Кимге ылайык", "стартап")
                .botNeverSays("$2 000–5 000");
        chat(JOHN).user("What's the hourly rate of a fractional CMO?").user("who is it for?").botSays("start-ups")
                .user("How many hours a month is typical?").botSays("20–40");
    }

    @Test
    void yesToTheBotsOffer_doesWhatItOffered_andNoIsAcknowledged() {
        chat(AIDA).user("Где находится ваш офис?").botSays("менеджер").botNeverSays("ул.")
                .user("да, давайте").botSays("номер телефона");
        chat(BEK).user("Келишимди онлайн түзсөк болобу?").user("жок, рахмат").botSays("Макул").botNeverSays("телефон");
        chat(JOHN).user("/prices").user("yes").botSays("salary");
        chat(BEK).user("Тышкы CMO кимге керек?").botSays("тест").user("ооба").botSays("1/5");
        chat(AIDA).user("/cancel").user("Как начать сотрудничество с агентством?").user("да").botSays("номер телефона");
        chat(JOHN).user("Our turnover is $150K a month").botSays("above", "$100 000")
                .user("ok").botSays("I have taken", "turnover has grown without a CMO").botSays("2/5");
    }

    @Test
    void typedRequests_startTheSameFlowsAsTheButtons() {
        chat(AIDA).user("хочу поговорить с менеджером").botSays("номер телефона");
        chat(AIDA).user("/cancel").user("давайте пройдём тест").botSays("1/5");
        chat(BEK).user("тестти баштайлы").botSays("1/5").bot(text -> text.containsPattern("[өүң]"));
        chat(JOHN).user("show me the prices").botSays("$50–150", "$2 000–5 000", "$3 000–15 000");
        chat(AIDA).user("/cancel").user("посчитайте для зарплаты 4000").botSays("$4 000", "$2 000–5 000");
    }

    @Test
    void numbersInFreeText_areReasonedWithTheArticlesFigures() {
        chat(AIDA).user("у меня CMO получает $4 500").botSays("$4 500", "$2 000–5 000")
                .user("а если 7000?").botSays("$7 000");
        chat(AIDA).user("Готовы тратить около $1 000 в месяц, что получим?").botSays("почасовая", "$50–150", "20–40");
        chat(AIDA).user("10 часов в месяц хватит?").botSays("$500–1 500");
        chat(AIDA).user("У нас оборот 30 млн тенге в месяц").botSays("ниже", "50 млн тенге");
        chat(BEK).user("Айлык жүгүртүүбүз $150 000гө жетти").botSays("жогору", "$100 000");
        chat(BEK).user("Штаттагы CMOго 300 000 сом маяна сунуштайбыз").botSays("долларда", "$2 000–5 000")
                .user("3500").botSays("$3 500");
    }

    @Test
    void anAmountInSom_isConvertedOnlyWithARateTheAgencySet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        chat(AIDA).user("Штатному CMO предлагаем оклад 400 000 сом").botSays("в долларах").botNeverSays("$4 5");
        TestKnowledge.copyTo(dir);
        java.nio.file.Path pricing = dir.resolve("pricing.yaml");
        java.nio.file.Files.writeString(pricing, java.nio.file.Files.readString(pricing) + "exchange_rates: {KGS: 87.5}\n");
        ConversationEngine withRate = new ConversationEngine(new cmoadvisor.search.AnswerEngine(
                new cmoadvisor.knowledge.KnowledgeLoader().load(dir)),
                new ConversationEngine.Options(Transcript.AGENCY, Lang.RU, Duration.ofMinutes(60), Set.of(), null));
        new Transcript(withRate, new InMemoryStore(), AIDA).user("Штатному CMO предлагаем оклад 400 000 сом")
                .botSays("1 доллар = 87.5", "$4 571").botSays("$2 000–5 000");
    }

    @Test
    void aQuizChangedUnderAProspect_goesOnWithTheQuestionsAsTheyAreNow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        chat(AIDA).user("/quiz").press("quiz:revenue:yes").press("quiz:chaos:yes").press("quiz:strategy:yes").botSays("4/5");
        TestKnowledge.copyTo(dir);
        java.nio.file.Path quizFile = dir.resolve("quiz.yaml");
        java.nio.file.Files.writeString(quizFile, java.nio.file.Files.readString(quizFile).replace("id: chaos", "id: disorder"));
        String dialogue = java.nio.file.Files.readString(dir.resolve("dialogue.yaml")).replace("  chaos: [", "  disorder: [");
        java.nio.file.Files.writeString(dir.resolve("dialogue.yaml"), dialogue);
        ConversationEngine changed = new ConversationEngine(new cmoadvisor.search.AnswerEngine(
                new cmoadvisor.knowledge.KnowledgeLoader().load(dir)),
                new ConversationEngine.Options(Transcript.AGENCY, Lang.RU, Duration.ofMinutes(60), Set.of(), null));
        // The renamed question has no answer: the next typed answer goes to it, and the quiz ends with a result.
        new Transcript(changed, store, AIDA).user("да").botSays("4/5")
                .user("да").botSays("5/5")
                .user("нет").botSays("из 5");
    }

    @Test
    void theCalculator_saysSoWhenTheExternalCmoCostsMore() {
        chat(AIDA).user("Штатному CMO платим зарплату $1 000").botSays("не дороже ретейнера", "почасовой");
    }

    @Test
    void aLongMessage_isAnswered_andItsFactsPrefillTheQuizAndReachTheCard() {
        Transcript chat = chat(AIDA).user("Здравствуйте! Мы сеть кофеен в Бишкеке, оборот 80 млн тенге в месяц, "
                + "стратегии нет. Подходим под внешнего CMO?").botSays("80 млн тенге", "выше");
        chat.user("да").botSays("Учёл", "нет записанной стратегии").botSays("2/5");
        chat.user("/cancel").user("/human").shareContact("+996555000111").user("Аида").press("lead:skip")
                .press("lead:agree").agencyGets("оборот 80 млн тенге", "Бишкек", "нет записанной стратегии");
    }

    @Test
    void questionsTheArticleDoesNotAnswer_areDeclinedWithoutInventing_andSaidDifferentlyTheSecondTime() {
        Transcript chat = chat(AIDA).user("Есть ли скидка, если заключим договор на год?").botSays("менеджер")
                .botNeverSays("%");
        assertThat(chat.buttons()).contains("menu:human");
        chat.user("Сколько стоит сделать сайт-лендинг?").botSays("нет информации")
                .user("Какая погода завтра в Алматы?").botSays("ничего нет")
                .user("Кто выиграл чемпионат мира?").botSays("нет информации");
    }

    @Test
    void kazakh_isUnderstood_andAnsweredInRussianWithANote() {
        chat(AIDA).user("Ретейнер қанша тұрады?").botSays("кыргызском, русском и английском", "$2 000–5 000");
    }
}
