package cmoadvisor.conversation;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random chats through every flow: commands that change the state, answers to the quiz, numbers, small
 * talk and noise, in random order. The engine must reply to every text, and never throw.
 */
class ConversationEngineRandomInputTest {
    private static final String[] MESSAGES = {
            "/quiz", "/human", "/prices", "/cancel", "/start", "/lang en", "/forget", "да", "нет", "ооба", "yes", "ok",
            "Сколько стоит ретейнер?", "а минусы?", "кимге ылайык?", "у меня CMO получает $4 500", "а если 7000?",
            "оборот 80 млн тенге", "$1 000 в месяц бюджет", "10 часов", "300 000 сом зарплата", "Где ваш офис?",
            "+996 555 123 456", "Айгуль", "ТОО Ромашка", "👍", "skolko stoit", "Ретейнер қанша тұрады?", "", "   ",
            "!!!", "\u0000", "дорого", "хочу поговорить с менеджером", "давайте тест", "посчитайте", "3500",
    };

    @Test
    void handle_repliesToEveryText_inAnyState() {
        InMemoryStore store = new InMemoryStore();
        ConversationEngine engine = new ConversationEngine(TestKnowledge.engine(),
                new ConversationEngine.Options(Transcript.AGENCY, Lang.RU, Duration.ofMinutes(60), Set.of(), null));
        Random random = new Random(7);
        Instant now = Instant.parse("2026-12-01T09:00:00Z");
        for (int i = 0; i < 2000; i++) {
            Person person = new Person(700 + random.nextInt(5), null, "P", List.of("ru", "ky", "en").get(random.nextInt(3)));
            String text = MESSAGES[random.nextInt(MESSAGES.length)];
            List<Outbound> replies = engine.handle(new Inbound.Text(person.id(), person, text, null), store, now);
            boolean toUser = replies.stream().anyMatch(o -> o instanceof Outbound.Message m && m.chatId() == person.id());
            boolean relayed = replies.stream().anyMatch(o -> o instanceof Outbound.Message m && m.chatId() == Transcript.AGENCY);
            assertThat(toUser || relayed).as("a reply to «%s» (step %d, state %s)", text, i,
                    store.session(person.id()).map(Session::state).orElse(null)).isTrue();
            now = now.plusSeconds(random.nextInt(120));
        }
    }

    /**
     * Foresight changes when the work is done, never what is said: random chats, handled by one engine as they
     * come and by another that foresees each burst on a second thread first, get the same replies.
     */
    @Test
    void foresee_neverChangesAReply_forRandomBurstsOfChats() throws Exception {
        cmoadvisor.search.AnswerEngine answers = TestKnowledge.engine();
        ConversationEngine.Options options = new ConversationEngine.Options(Transcript.AGENCY, Lang.RU, Duration.ofMinutes(60), Set.of(), null);
        ConversationEngine plain = new ConversationEngine(answers, options);
        ConversationEngine foreseeing = new ConversationEngine(answers, options);
        InMemoryStore plainStore = new InMemoryStore();
        InMemoryStore foreseeingStore = new InMemoryStore();
        java.util.concurrent.ExecutorService beside = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            Random random = new Random(11);
            Instant now = Instant.parse("2026-12-01T09:00:00Z");
            for (int burst = 0; burst < 300; burst++) {
                List<Inbound> events = new java.util.ArrayList<>();
                for (int i = random.nextInt(6); i >= 0; i--) {
                    Person person = new Person(700 + random.nextInt(4), null, "P", List.of("ru", "ky", "en").get(random.nextInt(3)));
                    events.add(new Inbound.Text(person.id(), person, MESSAGES[random.nextInt(MESSAGES.length)], null));
                }
                events.forEach(event -> foreseeing.foresee(event, beside));
                for (Inbound event : events) {
                    assertThat(foreseeing.handle(event, foreseeingStore, now))
                            .as("burst %d, «%s»", burst, ((Inbound.Text) event).text())
                            .isEqualTo(plain.handle(event, plainStore, now));
                    now = now.plusSeconds(random.nextInt(120));
                }
            }
        } finally {
            beside.shutdownNow();
        }
    }
}
