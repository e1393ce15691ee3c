package cmoadvisor.conversation;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The conversation, on the engine alone, written as the chats it checks. */
class ConversationEngineTest {
    private static final Person ASEL = new Person(501, "asel_kg", "Асель", "ky");
    private static final Person IVAN = new Person(502, null, "Иван", "ru");
    private static final Person MANAGER = new Person(900, "manager_aida", "Aida", "ru");
    private static final Person OTHER_MANAGER = new Person(901, "manager_bolot", "Bolot", "ru");

    private final InMemoryStore store = new InMemoryStore();
    private static final Person ADMIN = new Person(42, "boss", "Admin", "ru");
    private final ConversationEngine engine = new ConversationEngine(TestKnowledge.engine(),
            new ConversationEngine.Options(Transcript.AGENCY, Lang.RU, Duration.ofMinutes(60), java.util.Set.of(ADMIN.id()), null));

    private Transcript chat(Person person) {
        return new Transcript(engine, store, person);
    }

    private static String phrase(String key, Lang lang) {
        return TestKnowledge.knowledge().messages().get(key, lang);
    }

    @Test
    void start_greetsInTheUsersTelegramLanguage_showsTheMenu_andKeepsTheDeepLinkSource() {
        Transcript chat = chat(ASEL).user("/start fb_ads").botSays("Саламатсызбы");
        assertThat(chat.buttons()).containsExactly("menu:ask", "menu:quiz", "menu:prices", "menu:human");
        chat.user("/start other_campaign");
        assertThat(store.session(ASEL.id()).orElseThrow().source()).isEqualTo("fb_ads");
    }

    @Test
    void start_ignoresAPayloadThatIsNotADeepLink() {
        chat(IVAN).user("/start <script>");
        assertThat(store.session(IVAN.id()).orElseThrow().source()).isNull();
    }

    @Test
    void aQuestion_isAnsweredInItsLanguage_withFollowUpButtons() {
        Transcript chat = chat(ASEL).user("Сколько стоит ретейнер?").botSays("$2 000–5 000");
        assertThat(chat.buttons()).contains("menu:calc");
        assertThat(store.session(ASEL.id()).orElseThrow().lang()).isEqualTo(Lang.RU);
    }

    @Test
    void aQuestionOutsideTheKnowledge_isDeclined_withAWayToAPerson() {
        Transcript chat = chat(IVAN).user("Сколько стоит ремонт квартиры?")
                .bot(text -> text.isEqualTo(phrase("decline", Lang.RU).strip()));
        assertThat(chat.buttons()).contains("menu:human");
    }

    @Test
    void quiz_withButtons_endsWithScoreSignsAdvice_andOffersAPerson() {
        Transcript chat = chat(IVAN).user("/quiz").botSays("1/5");
        assertThat(chat.buttons()).containsExactly("quiz:revenue:yes", "quiz:revenue:no");
        chat.press("quiz:revenue:yes").botSays("2/5")
                .press("quiz:chaos:yes").botSays("3/5")
                .press("quiz:strategy:no").botSays("4/5")
                .press("quiz:leader:yes").botSays("5/5")
                .press("quiz:growth:no")
                .botSays("3 из 5", "оборот вырос", "команда без лидера", "аудит", "4–6 месяцев");
        assertThat(chat.buttons()).containsExactly("menu:human", "menu:no");
        QuizResult result = store.session(IVAN.id()).orElseThrow().quizResult();
        assertThat(result.score()).isEqualTo(3);
        assertThat(result.model()).isEqualTo("project");
        assertThat(chat.state()).isInstanceOf(ChatState.Idle.class);
    }

    @Test
    void quiz_acceptsTypedAnswers_andRevenueAsAnAmount() {
        chat(ASEL).user("/quiz")
                .user("бизде жүгүртүү айына 60 млн тенге").botSays("2/5")
                .user("ооба").botSays("3/5")
                .user("жок").botSays("4/5")
                .user("Ооба, так").botSays("5/5")
                .user("ооба").botSays("4 / 5");
        assertThat(store.session(ASEL.id()).orElseThrow().quizResult().answers())
                .containsEntry("revenue", "yes").containsEntry("strategy", "no");
    }

    @Test
    void quiz_comparesDollarRevenueWithTheThreshold_andRefusesOtherCurrencies() {
        Transcript chat = chat(IVAN).user("/quiz").user("оборот 5 млн сом").botSays("тенге или долларах").botSays("1/5");
        chat.user("$80k в месяц").botSays("2/5");
        assertThat(((ChatState.InQuiz) chat.state()).answers()).containsEntry("revenue", "no");
    }

    @Test
    void quiz_answersAQuestionAskedMidway_thenResumesWhereItWas() {
        chat(IVAN).user("/quiz").press("quiz:revenue:yes")
                .user("Сколько стоит почасовая модель?").botSays("$50–150").botSays("Продолжим тест").botSays("2/5");
    }

    @Test
    void quiz_explainsHowToAnswer_whenTheInputMakesNoSense() {
        Transcript chat = chat(IVAN).user("/quiz").user("ываыва").botSays("да или нет").botSays("1/5");
        assertThat(chat.messages(IVAN.id())).hasSize(2);
    }

    @Test
    void quiz_ignoresAButtonOfAnEarlierQuestion() {
        Transcript chat = chat(IVAN).user("/quiz").press("quiz:revenue:yes").press("quiz:revenue:no");
        assertThat(((ChatState.InQuiz) chat.state()).step()).isEqualTo(1);
        assertThat(chat.messages(IVAN.id())).isEmpty();
    }

    @Test
    void cancel_leavesTheQuiz() {
        Transcript chat = chat(IVAN).user("/quiz").press("quiz:revenue:yes").user("/cancel").botSays("остановились");
        assertThat(chat.state()).isInstanceOf(ChatState.Idle.class);
        chat.user("/cancel").botSays("Отменять нечего");
    }

    @Test
    void handOff_savesTheLead_sendsTheCardWithEscapedFields_andRelaysBothWays() {
        Transcript chat = chat(IVAN).user("/start tg_channel").user("Что такое ретейнер?").user("/human")
                .botSays("три коротких вопроса");
        assertThat(chat.keyboard()).isInstanceOf(Keyboard.ShareContact.class);
        chat.user("позвоните мне").botSays("не похоже на номер")
                .shareContact("996555123456").botSays("Как к вам обращаться");
        assertThat(chat.keyboard()).isInstanceOf(Keyboard.Remove.class);
        chat.user("Иван <b>").botSays("Из какой вы компании")
                .user("ТОО \"Ромашка & Co\"").botSays("связаться с вами")
                .press("lead:agree").botSays("Спасибо, Иван <b>!", "№1")
                .agencyGets("Лид №1", "Иван <b>", "+996555123456", "ТОО \"Ромашка & Co\"", "tg_channel", "Что такое ретейнер?");
        Outbound.Message card = chat.lastToAgency().message();
        assertThat(card.html()).contains("Иван &lt;b&gt;", "&quot;Ромашка &amp; Co&quot;").doesNotContain("<b>>");
        assertThat(card.leadId()).isEqualTo(1L);
        Lead lead = store.leads().get(1L);
        assertThat(lead.consentText()).isEqualTo(phrase("lead_ask_consent", Lang.RU));
        assertThat(lead.status()).isEqualTo(Lead.Status.OPEN);

        chat.user("Когда перезвоните?").agencyGets("Лид №1", "Когда перезвоните?");
        assertThat(chat.messages(IVAN.id())).as("no auto-answer during a hand-off").isEmpty();

        long cardId = chat.cardId(1);
        chat.agencyReplies(MANAGER, cardId, "Завтра в 10, <ок>?").botSays("Aida (менеджер):", "Завтра в 10, <ок>?");
        assertThat(store.leads().get(1L).status()).isEqualTo(Lead.Status.TAKEN);
        assertThat(store.leads().get(1L).takenBy()).isEqualTo("@manager_aida");

        chat.agencyPresses(MANAGER, "desk:done:1").botSays("снова отвечаю")
                .agencyGets("закрыл @manager_aida");
        assertThat(chat.state()).isInstanceOf(ChatState.Idle.class);
        chat.user("Спасибо!").nothingToAgency();

        chat.later(Duration.ofDays(3)).agencyReplies(MANAGER, cardId, "Забыл спросить: вам удобно в четверг?")
                .botSays("Aida (менеджер):", "удобно в четверг")
                .agencyGets("Лид №1 снова открыт: ответил @manager_aida");
        assertThat(store.leads().get(1L).status()).as("a reply after Done opens the lead again").isEqualTo(Lead.Status.TAKEN);
        assertThat(chat.state()).isInstanceOf(ChatState.Relaying.class);
    }

    @Test
    void handOff_declinedConsent_savesNothing() {
        chat(IVAN).user("/human").user("+7 701 123 45 67").user("Иван").press("lead:skip")
                .user("нет").botSays("никуда не передаются").nothingToAgency();
        assertThat(store.leads()).isEmpty();
    }

    @Test
    void humanAgain_whileALeadIsOpen_goesBackToTheSameLead() {
        Transcript chat = chat(IVAN).user("/human").shareContact("+996555000111").user("Иван").press("lead:skip")
                .press("lead:agree");
        chat.user("/cancel").user("/human").botSays("№1 уже в агентстве");
        assertThat(store.leads()).hasSize(1);
        assertThat(chat.state()).isInstanceOf(ChatState.Relaying.class);
    }

    @Test
    void take_byTheFirst_winsTheLead_aLaterPressGetsAnAlert_andTheCardShowsWhoHasIt() {
        Transcript chat = chat(IVAN).user("/human").shareContact("+996555000111").user("Иван").press("lead:skip")
                .press("lead:agree")
                .agencyPresses(MANAGER, "desk:take:1").agencyGets("взял @manager_aida");
        assertThat(store.leads().get(1L).takenBy()).isEqualTo("@manager_aida");
        assertThat(chat.lastOutbound()).filteredOn(o -> o instanceof Outbound.EditText).singleElement()
                .isInstanceOfSatisfying(Outbound.EditText.class, card -> {
                    assertThat(card.html()).contains("Лид №1", "Статус: взял @manager_aida");
                    assertThat(card.keyboard()).isEqualTo(new Keyboard.Buttons(java.util.List.of(java.util.List.of(
                            new Button("desk:done:1", TestKnowledge.knowledge().messages().get("btn_done", Lang.RU)),
                            new Button("desk:handover:1", TestKnowledge.knowledge().messages().get("btn_hand_over", Lang.RU)),
                            new Button("desk:release:1", TestKnowledge.knowledge().messages().get("btn_release", Lang.RU))),
                            java.util.List.of(new Button("desk:history:1", TestKnowledge.knowledge().messages().get("btn_history", Lang.RU))))));
                });

        chat.agencyPresses(OTHER_MANAGER, "desk:take:1");
        assertThat(chat.lastOutbound()).singleElement().isInstanceOfSatisfying(Outbound.ButtonAnswer.class, alert -> {
            assertThat(alert.alert()).isTrue();
            assertThat(alert.text()).isEqualTo("Лид №1 уже взял @manager_aida.");
        });
        assertThat(store.leads().get(1L).takenBy()).as("the later press changes nothing").isEqualTo("@manager_aida");

        chat.agencyPresses(OTHER_MANAGER, "desk:release:1");
        assertThat(chat.lastOutbound()).singleElement().isInstanceOfSatisfying(Outbound.ButtonAnswer.class,
                alert -> assertThat(alert.text()).contains("только тот, кто его взял"));
        chat.agencyPresses(MANAGER, "desk:release:1").agencyGets("вернул лид №1");
        assertThat(store.leads().get(1L).status()).isEqualTo(Lead.Status.OPEN);
        chat.agencyPresses(OTHER_MANAGER, "desk:take:1").agencyGets("взял @manager_bolot");

        chat.agencyPresses(MANAGER, "desk:take:999");
        assertThat(chat.lastOutbound()).singleElement().isInstanceOf(Outbound.ButtonAnswer.class);
    }

    @Test
    void aTypedPhone_isStoredInE164_andAnInvalidOneIsAskedForOnceMore() {
        chat(IVAN).user("/human").user("8 701 234 56 78").botSays("Как к вам обращаться")
                .user("Иван").press("lead:skip").press("lead:agree");
        assertThat(store.leads().get(1L).phone()).as("a Kazakh mobile typed the Kazakh way").isEqualTo("+77012345678");

        Person other = new Person(777, "aigul", "Айгүл", "ru");
        chat(other).user("/human").user("0555 12 34").botSays("Кажется, в номере ошибка")
                .user("0555 12 34").botSays("Как к вам обращаться");
    }

    @Test
    void theBotAnswersAgain_afterTheQuietPeriodWithoutTheAgency() {
        chat(IVAN).user("/human").shareContact("+996555000111").user("Иван").press("lead:skip").press("lead:agree")
                .later(Duration.ofMinutes(61))
                .user("Сколько стоит ретейнер?").botSays("$2 000–5 000")
                .agencyGets("ждёт ответа больше 60 мин: Сколько стоит ретейнер?");
    }

    @Test
    void anAgencyReplyToAnUnknownMessage_isExplained_andTalkAmongTheAgencyIsIgnored() {
        Transcript chat = chat(IVAN);
        chat.agencyReplies(MANAGER, 12345, "кому это?");
        assertThat(chat.messages(Transcript.AGENCY)).singleElement()
                .satisfies(s -> assertThat(s.text()).contains("Не понял"));
        chat.receiveGroupChatter();
    }

    @Test
    void prices_showTheModelsFromPricingYaml_andTheCalculatorComparesWithTheRetainer() {
        Transcript chat = chat(IVAN).user("/prices").botSays("$50–150 в час", "$2 000–5 000 в месяц", "$3 000–15 000 за проект",
                "$4 000–12 000");
        assertThat(chat.buttons()).contains("menu:calc");
        chat.press("menu:calc").botSays("в долларах")
                .user("пять тысяч").botSays("суммой в долларах")
                .user("100000 тенге").botSays("в долларах", "KZT")
                .user("$5k").botSays("$5 000", "$6 908–9 000", "$2 000–5 000", "Экономия: $1 908–7 000");
        assertThat(chat.state()).isInstanceOf(ChatState.Idle.class);
    }

    @Test
    void calculator_saysSo_whenThereIsNoSaving() {
        chat(IVAN).press("menu:calc").user("500 долларов").botSays("экономии нет");
    }

    @Test
    void lang_switchesEveryLaterReply_andOffersButtonsWithoutACode() {
        Transcript chat = chat(IVAN).user("/lang").botSays("Выберите язык");
        assertThat(chat.buttons()).containsExactly("lang:ky", "lang:ru", "lang:en");
        chat.press("lang:en").botSays("English")
                .user("Ретейнер канча турат?").botSays("$2 000–5 000", "month");
    }

    @Test
    void forget_deletesTheSessionAfterConfirmation() {
        Transcript chat = chat(IVAN).user("/start fb").user("/forget").botSays("Удалить всё");
        chat.press("forget:yes").botSays("удалены");
        Session after = store.session(IVAN.id()).orElseThrow();
        assertThat(after.source()).isNull();
        assertThat(after.person().firstName()).isNull();
        assertThat(after.lastQuestions()).isEmpty();
    }

    @Test
    void forget_keepsEverything_whenDeclined() {
        chat(IVAN).user("/start fb").user("/forget").press("forget:no").botSays("Ничего не удалено");
        assertThat(store.session(IVAN.id()).orElseThrow().source()).isEqualTo("fb");
    }

    @Test
    void stickersAndPhotos_getAPoliteReply() {
        InMemoryStore s = store;
        assertThat(engine.handle(new Inbound.Unsupported(IVAN.id(), IVAN), s, java.time.Instant.now()))
                .singleElement().satisfies(o -> assertThat(((Outbound.Message) o).html()).contains("текст"));
    }

    @Test
    void otherGroupChats_areIgnored() {
        assertThat(engine.handle(new Inbound.Text(-42, IVAN, "привет", null), store, java.time.Instant.now())).isEmpty();
    }

    @Test
    void adminCommands_becomeAdminTasks_forAdminsOnly() {
        Transcript admin = chat(ADMIN).user("/stats 7");
        assertThat(admin.lastOutbound()).singleElement().isInstanceOfSatisfying(Outbound.AdminTask.class, task -> {
            assertThat(task.command()).isEqualTo("/stats");
            assertThat(task.argument()).isEqualTo("7");
            assertThat(task.userId()).isEqualTo(ADMIN.id());
        });
        for (String command : java.util.List.of("/reload", "/stats", "/gaps", "/leads 30")) {
            Transcript stranger = chat(IVAN).user(command).botSays("/quiz");
            assertThat(stranger.lastOutbound()).noneMatch(o -> o instanceof Outbound.AdminTask);
        }
    }

    @Test
    void aDocument_isAnUploadForAnAdmin_andUnreadableForAnyoneElse() {
        Transcript admin = new Transcript(engine, store, ADMIN);
        assertThat(engine.handle(new Inbound.Document(ADMIN.id(), ADMIN, "file-1", "retainer-model.ru.md", null), store,
                java.time.Instant.now())).singleElement().isInstanceOfSatisfying(Outbound.AdminTask.class, task -> {
                    assertThat(task.command()).isEqualTo("upload");
                    assertThat(task.fileId()).isEqualTo("file-1");
                    assertThat(task.fileName()).isEqualTo("retainer-model.ru.md");
                });
        assertThat(engine.handle(new Inbound.Document(IVAN.id(), IVAN, "file-2", "quiz.yaml", null), store,
                java.time.Instant.now())).singleElement().isInstanceOfSatisfying(Outbound.Message.class,
                m -> assertThat(m.html()).contains("текст"));
        assertThat(admin).isNotNull();
    }

    @Test
    void theFunnel_isRecordedStepByStep() {
        chat(IVAN).user("/start fb").user("Сколько стоит ретейнер?").user("Сколько стоит ремонт квартиры?")
                .user("/quiz").press("quiz:revenue:yes").press("quiz:chaos:yes").press("quiz:strategy:yes")
                .press("quiz:leader:no").press("quiz:growth:no")
                .press("menu:human").shareContact("+996555000111").user("Иван").press("lead:skip").press("lead:agree")
                .agencyPresses(MANAGER, "desk:take:1").agencyPresses(MANAGER, "desk:done:1");
        assertThat(store.events()).extracting(FunnelEvent::kind).containsExactly(
                FunnelEvent.Kind.STARTED, FunnelEvent.Kind.ANSWERED, FunnelEvent.Kind.DECLINED,
                FunnelEvent.Kind.QUIZ_STARTED, FunnelEvent.Kind.QUIZ_FINISHED, FunnelEvent.Kind.QUALIFIED,
                FunnelEvent.Kind.LEFT_CONTACTS, FunnelEvent.Kind.LEAD_TAKEN, FunnelEvent.Kind.LEAD_DONE);
        assertThat(store.events()).allSatisfy(e -> assertThat(e.source()).isEqualTo("fb"));
        assertThat(store.events().get(2).text()).isEqualTo("сколько стоит ремонт квартиры?");
        assertThat(store.events().get(1).topic()).isNotBlank();
    }

    @Test
    void aNewLead_isAlsoPostedToTheCrmWebhook_whenOneIsSet() {
        ConversationEngine withWebhook = new ConversationEngine(TestKnowledge.engine(), new ConversationEngine.Options(
                Transcript.AGENCY, Lang.RU, Duration.ofMinutes(60), java.util.Set.of(), "https://crm.example/hooks/leads"));
        Transcript chat = new Transcript(withWebhook, store, IVAN).user("/human").shareContact("+996555000111")
                .user("Иван").press("lead:skip").press("lead:agree");
        assertThat(chat.lastOutbound()).filteredOn(o -> o instanceof Outbound.LeadWebhook).singleElement()
                .isInstanceOfSatisfying(Outbound.LeadWebhook.class, call -> {
                    assertThat(call.url()).isEqualTo("https://crm.example/hooks/leads");
                    assertThat(call.json()).contains("\"id\":1", "\"phone\":\"+996555000111\"", "\"name\":\"Иван\"");
                });
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "TikTok жарнамасын жүргүзөсүздөрбү? | ky",
            "Вы ведёте рекламу в TikTok? | ru",
            "Do you run TikTok ads? | en"
    })
    void aTopicWrittenOnlyInRussian_isFoundByAQuestionInAnyLanguage_andAnsweredWithItsRussianText(
            String question, String language, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        TestKnowledge.copyTo(dir);
        java.nio.file.Files.writeString(dir.resolve("ru/tiktok-ads.md"), TestKnowledge.RUSSIAN_ONLY_TOPIC);
        ConversationEngine withTopic = new ConversationEngine(new cmoadvisor.search.AnswerEngine(
                new cmoadvisor.knowledge.KnowledgeLoader().load(dir)), new ConversationEngine.Options(Transcript.AGENCY, Lang.RU,
                Duration.ofMinutes(60), java.util.Set.of(), null));
        new Transcript(withTopic, store, new Person(503, null, "Reader", language)).user(question).botSays("Реклама в TikTok");
        assertThat(store.session(503).orElseThrow().lang().code()).isEqualTo(language);
    }
}
