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
}
