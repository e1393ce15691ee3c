package cmoadvisor.conversation;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk as managers and prospects live it, on the engine alone: hand-over, the conversation button,
 * reopening by the prospect, working hours and the reminders (desk.yaml as shipped: Mon–Fri 09:00–18:00
 * Asia/Bishkek, N = 30, M = 60, K = 60 working minutes, 24 h for a prospect who stopped).
 */
class DeskFlowTest {
    private static final Person IVAN = new Person(502, null, "Иван", "ru");
    private static final Person AIDA = new Person(900, "manager_aida", "Aida", "ru");
    private static final Person BOLOT = new Person(901, "manager_bolot", "Bolot", "ru");
    private static final Person ADMIN = new Person(42, "boss", "Boss", "ru");

    private final InMemoryStore store = new InMemoryStore();
    private final ConversationEngine engine = new ConversationEngine(TestKnowledge.engine(),
            new ConversationEngine.Options(Transcript.AGENCY, Lang.RU, Duration.ofMinutes(60), java.util.Set.of(ADMIN.id()),
                    "http://127.0.0.1:1/crm"));

    /** Thursday 2026-11-26, 16:00 in Bishkek: working hours. */
    private Transcript leadLeft() {
        return new Transcript(engine, store, IVAN).user("/human").shareContact("+996555000111").user("Иван")
                .press("lead:skip").press("lead:agree");
    }

    @Test
    void leadSaved_inWorkingHours_promisesAReplyWithinAWorkingDay_andOpensATopicBeforeTheCard() {
        Transcript chat = leadLeft().botSays("№1", "в течение рабочего дня");
        assertThat(chat.lastOutbound()).filteredOn(o -> o instanceof Outbound.OpenTopic).singleElement()
                .isInstanceOfSatisfying(Outbound.OpenTopic.class, topic -> assertThat(topic.name()).isEqualTo("№1 · Иван"));
        assertThat(chat.lastOutbound().indexOf(chat.lastOutbound().stream().filter(o -> o instanceof Outbound.OpenTopic).findFirst().orElseThrow()))
                .isLessThan(chat.lastOutbound().indexOf(chat.lastToAgency().outbound()));
    }

    @Test
    void leadSaved_onFridayNight_saysWhenTheAgencyOpens() {
        // Friday 2026-11-27 20:00 UTC = Saturday 02:00 in Bishkek.
        Transcript chat = new Transcript(engine, store, IVAN).later(Duration.ofHours(34)).user("/human")
                .shareContact("+996555000111").user("Иван").press("lead:skip").press("lead:agree");
        chat.botSays("нерабочее время", "пн–пт 09:00–18:00", "понедельник, 09:00 (Asia/Bishkek)");
        assertThat(chat.pendingReminders()).filteredOn(r -> r.kind() == Outbound.Reminder.Kind.LEAD_NOT_TAKEN).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Outbound.Reminder.Kind.LEAD_NOT_TAKEN);
            assertThat(r.due()).as("30 working minutes: Monday 09:30 in Bishkek").isEqualTo(Instant.parse("2026-11-30T03:30:00Z"));
        });
    }

    @Test
    void leadNobodyTakes_isAnnouncedAgainAfterN_thenGoesToAdminsAfterM_once() {
        Transcript chat = leadLeft();
        chat.later(Duration.ofMinutes(29)).remindersComeDue().nothingToAgency();
        chat.later(Duration.ofMinutes(1)).remindersComeDue().agencyGets("Лид №1", "30 рабочих минут никто не взял");
        chat.later(Duration.ofMinutes(60)).remindersComeDue();
        assertThat(chat.messages(ADMIN.id())).singleElement().satisfies(m -> assertThat(m.text()).contains("Лид №1", "90 рабочих минут")
                .doesNotContain("Иван", "+996"));
        chat.later(Duration.ofHours(5)).remindersComeDue();
        assertThat(chat.lastOutbound()).as("each reminder once").isEmpty();
    }

    @Test
    void leadTakenInTime_isNeverAnnouncedAgain() {
        Transcript chat = leadLeft().agencyPresses(AIDA, "desk:take:1");
        chat.later(Duration.ofHours(3)).remindersComeDue();
        assertThat(chat.lastOutbound()).isEmpty();
    }

    @Test
    void prospectMessageUnanswered_remindsTheGroupOnceAfterK_andAnAnswerStopsIt() {
        Transcript chat = leadLeft().agencyPresses(AIDA, "desk:take:1");
        chat.later(Duration.ofMinutes(5)).user("Когда позвоните?").agencyGets("Когда позвоните?");
        chat.later(Duration.ofMinutes(5)).user("Я жду").agencyGets("Я жду");
        chat.later(Duration.ofMinutes(55)).remindersComeDue().agencyGets("Лид №1", "ждёт ответа уже 60 рабочих минут");
        chat.agencyReplies(AIDA, chat.cardId(1), "Через час").botSays("Через час");
        chat.user("Хорошо").later(Duration.ofMinutes(30)).remindersComeDue().nothingToAgency();
        chat.agencyReplies(AIDA, chat.cardId(1), "Звоню").later(Duration.ofMinutes(31)).remindersComeDue();
        assertThat(chat.lastOutbound()).as("answered before K: no reminder").isEmpty();
    }

    @Test
    void handOver_byTheTaker_toAColleagueSeenOnTheDesk_orByReplyingWithAHandle() {
        Transcript chat = leadLeft().agencyPresses(BOLOT, "desk:take:1").agencyPresses(BOLOT, "desk:release:1")
                .agencyPresses(AIDA, "desk:take:1");
        chat.agencyPresses(AIDA, "desk:handover:1").agencyGets("Кому передать лид №1");
        assertThat(chat.lastToAgency().message().keyboard()).isEqualTo(Keyboard.Buttons.column(java.util.List.of(
                new Button("desk:assign:1:901", "@manager_bolot"))));
        chat.agencyPresses(BOLOT, "desk:assign:1:901");
        assertThat(chat.lastOutbound()).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(Outbound.ButtonAnswer.class,
                a -> assertThat(a.alert()).isTrue()));
        assertThat(store.leads().get(1L).takenBy()).as("only the taker or an admin hands over").isEqualTo("@manager_aida");

        chat.agencyPresses(AIDA, "desk:assign:1:901").agencyGets("Лид №1 передан: @manager_aida → @manager_bolot");
        assertThat(store.leads().get(1L).takenBy()).isEqualTo("@manager_bolot");
        assertThat(chat.lastOutbound()).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(Outbound.EditText.class,
                card -> assertThat(card.html()).contains("взял @manager_bolot")));
        assertThat(chat.lastOutbound()).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(Outbound.LeadWebhook.class, call -> {
            assertThat(call.event()).isEqualTo("lead.reassigned");
            assertThat(call.json()).contains("\"taken_by\":\"@manager_bolot\"", "\"by\":\"@manager_aida\"");
        }));

        chat.agencyReplies(ADMIN, chat.cardId(1), "@new_colleague").agencyGets("@manager_bolot → @new_colleague");
        assertThat(chat.messages(IVAN.id())).as("a bare handle is for the desk, not the prospect").isEmpty();
    }

    @Test
    void conversationButton_sendsWhatWasSaid_toTheGroup() {
        store.appendTranscript(IVAN.id(), "in", "Сколько стоит ретейнер?");
        store.appendTranscript(IVAN.id(), "out", "$2 000–5 000 в месяц");
        Transcript chat = leadLeft().agencyPresses(AIDA, "desk:history:1")
                .agencyGets("Лид №1 · Иван: переписка", "Клиент: Сколько стоит ретейнер?", "Бот: $2 000–5 000 в месяц");
        assertThat(chat.lastToAgency().message().leadId()).as("a reply to it reaches the prospect").isEqualTo(1L);
    }

    @Test
    void prospectWritesAfterDone_within14Days_reopensTheLead_forWhoeverHadIt() {
        Transcript chat = leadLeft().agencyPresses(AIDA, "desk:take:1").agencyPresses(AIDA, "desk:done:1");
        chat.later(Duration.ofDays(2)).user("Сколько стоит ретейнер?").botSays("$2 000–5 000")
                .agencyGets("Лид №1 снова открыт", "Иван").agencyGets("Сколько стоит ретейнер?");
        assertThat(store.leads().get(1L).status()).isEqualTo(Lead.Status.TAKEN);
        assertThat(store.leads().get(1L).takenBy()).isEqualTo("@manager_aida");
        assertThat(chat.lastOutbound()).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(Outbound.EditText.class,
                card -> assertThat(card.html()).contains("Снова открыт")));
        chat.user("И ещё: когда созвонимся?").agencyGets("когда созвонимся?");
        assertThat(chat.messages(IVAN.id())).as("an open lead: the manager answers").isEmpty();
    }

    @Test
    void prospectWhoAskedBeforeLeavingALead_stillReopensItAfterDone_whileAChatWithoutOneIsLookedUpOnce() {
        InMemoryStore watched = org.mockito.Mockito.spy(new InMemoryStore());
        Transcript chat = new Transcript(engine, watched, IVAN).user("Сколько стоит ретейнер?").botSays("$2 000–5 000")
                .user("Что такое фракционный CMO?").user("А проект?");
        org.mockito.Mockito.verify(watched, org.mockito.Mockito.times(1)).lastLeadOfChat(IVAN.id());

        chat.user("/human").shareContact("+996555000111").user("Иван").press("lead:skip").press("lead:agree")
                .agencyPresses(AIDA, "desk:done:1");
        chat.later(Duration.ofDays(2)).user("Сколько стоит ретейнер?").agencyGets("Лид №1 снова открыт", "Иван");
    }

    @Test
    void prospectWritesAfterDone_only_thanks_orAfter14Days_staysWithTheBot() {
        Transcript chat = leadLeft().agencyPresses(AIDA, "desk:done:1");
        chat.user("Спасибо!").nothingToAgency();
        chat.later(Duration.ofDays(15)).user("Сколько стоит ретейнер?").botSays("$2 000–5 000").nothingToAgency();
    }

    @Test
    void prospectWhoStoppedInTheQuiz_getsOnePoliteReminderAfter24h_withTheQuestionAgain() {
        Transcript chat = new Transcript(engine, store, IVAN).user("/quiz").botSays("1/5").press("quiz:revenue:yes").botSays("2/5");
        chat.later(Duration.ofHours(23)).remindersComeDue();
        assertThat(chat.messages(IVAN.id())).isEmpty();
        chat.later(Duration.ofHours(1)).remindersComeDue().botSays("Тест готовности остался незаконченным").botSays("2/5");
        assertThat(store.events()).extracting(FunnelEvent::kind).contains(FunnelEvent.Kind.REMINDED);
        chat.later(Duration.ofDays(3)).remindersComeDue();
        assertThat(chat.messages(IVAN.id())).as("one reminder").isEmpty();
        chat.user("да").botSays("3/5");
        assertThat(store.events()).extracting(FunnelEvent::kind).contains(FunnelEvent.Kind.CAME_BACK);
    }

    @Test
    void prospectWhoSaidStop_orCameBack_isNotReminded() {
        Transcript chat = new Transcript(engine, store, IVAN).user("/human").botSays("номер");
        chat.user("/cancel").later(Duration.ofHours(25)).remindersComeDue();
        assertThat(chat.messages(IVAN.id())).isEmpty();
        chat.user("/quiz").later(Duration.ofHours(2)).press("quiz:revenue:no").later(Duration.ofHours(23)).remindersComeDue();
        assertThat(chat.messages(IVAN.id())).as("24 h after the first message only, not the last").isEmpty();
        chat.later(Duration.ofHours(1)).remindersComeDue().botSays("2/5");
    }

    @Test
    void forget_renamesTheLeadsTopic_withoutTheName() {
        Transcript chat = leadLeft().user("/forget").press(Menu.FORGET_YES);
        assertThat(chat.lastOutbound()).anySatisfy(o -> assertThat(o).isEqualTo(new Outbound.RenameTopic(Transcript.AGENCY, 1, "№1")));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Lang.class)
    void theCard_isWhollyInTheAgencysLanguage_whateverTheProspectSpoke(Lang agencyLang) {
        ConversationEngine agency = new ConversationEngine(TestKnowledge.engine(),
                new ConversationEngine.Options(Transcript.AGENCY, agencyLang, Duration.ofMinutes(60), java.util.Set.of(), null));
        Person aigul = new Person(503, null, "Айгүл", "ky");
        Transcript chat = new Transcript(agency, new InMemoryStore(), aigul).user("/quiz")
                .press("quiz:revenue:yes").press("quiz:chaos:yes").press("quiz:strategy:no").press("quiz:leader:no")
                .press("quiz:growth:yes").user("/human").shareContact("+996555000111").user("Айгүл").press("lead:skip")
                .press("lead:agree");
        String card = chat.lastToAgency().text();
        cmoadvisor.knowledge.Messages messages = TestKnowledge.knowledge().messages();
        cmoadvisor.knowledge.Quiz quiz = TestKnowledge.knowledge().quiz();
        assertThat(card).contains(messages.get("card_phone", agencyLang), messages.get("card_quiz", agencyLang),
                messages.get("card_model", agencyLang), "+996555000111");
        assertThat(card).as("the signs in the agency's language").contains(quiz.questions().get(0).sign().in(agencyLang));
        String model = TestKnowledge.knowledge().pricing().models().stream().filter(m -> card.contains(m.label().in(agencyLang)))
                .map(m -> m.label().in(agencyLang)).findFirst().orElse(null);
        assertThat(model).as("the recommendation's label, never its id").isNotNull();
        for (Lang other : Lang.values()) {
            if (other != agencyLang && !quiz.questions().get(0).sign().in(other).equals(quiz.questions().get(0).sign().in(agencyLang))) {
                assertThat(card).doesNotContain(quiz.questions().get(0).sign().in(other));
            }
        }
    }
}
