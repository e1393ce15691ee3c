package cmoadvisor.delivery;

import cmoadvisor.MutableClock;
import cmoadvisor.TestKnowledge;
import cmoadvisor.app.BotConfig;
import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.conversation.Inbound;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.conversation.Person;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.AnswerEngine;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Migrations;
import cmoadvisor.storage.UpdateLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** An update whose processing throws, among the updates of other chats. */
class InboundProcessorTest {
    private static final long ADMIN = 42;
    private static final long TROUBLED = 666;
    private static final long BYSTANDER = 501;

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.nearNow();
    private final Json json = new Json();
    private final List<Outbound.Message> sent = Collections.synchronizedList(new ArrayList<>());
    private Database database;
    private OutboxSender sender;
    private InboundProcessor processor;

    /** Stored updates in this test are "chat|text"; the text "boom" makes the processing throw. */
    private static Optional<Inbound> decode(String payload) {
        String[] parts = payload.split("\\|", 2);
        if (parts[1].equals("boom")) {
            throw new IllegalStateException("the engine failed on this update (it quotes the user: +996555123456)");
        }
        long chat = Long.parseLong(parts[0]);
        return Optional.of(new Inbound.Text(chat, new Person(chat, null, "User", "ru"), parts[1], null));
    }

    @BeforeEach
    void start() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("bot.db"));
        Migrations.migrate(database);
        MessageGateway gateway = new MessageGateway() {
            @Override
            public Delivery send(Outbound outbound) {
                sent.add((Outbound.Message) outbound);
                return new Delivery.Sent(List.of((long) sent.size()));
            }

            @Override
            public void typing(long chatId) {
            }

            @Override
            public void answerButton(String callbackId, String text) {
            }
        };
        sender = new OutboxSender(database, json, gateway, clock);
        AdminAlerts alerts = new AdminAlerts(() -> TestKnowledge.knowledge().messages(), Set.of(ADMIN), Lang.RU, gateway, Runnable::run);
        ConversationEngine engine = new ConversationEngine(new AnswerEngine(TestKnowledge.knowledge()),
                BotConfig.fromEnvironment(Map.of(), TestKnowledge.DIR, false).engineOptions(-1L));
        processor = new InboundProcessor(database, json, () -> engine, gateway, sender, InboundProcessorTest::decode, clock)
                .withAlerts(alerts);
    }

    @AfterEach
    void stop() {
        database.close();
    }

    private void store(long updateId, long chat, String text) {
        database.transaction(c -> {
            new UpdateLog(c, database.dialect(), clock).accept(updateId, chat, chat + "|" + text);
            return null;
        });
    }

    private List<String> textsTo(long chat) {
        sender.deliverDue();
        return sent.stream().filter(m -> m.chatId() == chat).map(Outbound.Message::html).toList();
    }

    /** The troubled chat's language set first (update 1), and its reply cleared, before the trouble. */
    private void troubledChatSpeaksRussian() {
        store(1, TROUBLED, "/lang ru");
        processor.processPending();
        textsTo(TROUBLED);
        sent.clear();
    }

    @Test
    void processPending_whenAnUpdateThrows_answersTheOtherChatsAtOnce_andAfterThreeTriesApologisesAndTellsTheAdmins() {
        troubledChatSpeaksRussian();
        store(2, TROUBLED, "boom");
        store(3, BYSTANDER, "Сколько стоит ретейнер в месяц?");
        store(4, TROUBLED, "Что такое fractional CMO?");

        assertThat(processor.processPending()).as("the bystander's update, in the same round").isEqualTo(1);
        assertThat(textsTo(BYSTANDER)).singleElement().asString().contains("$2 000–5 000");
        assertThat(textsTo(TROUBLED)).as("the troubled chat's next update keeps its place behind the failing one").isEmpty();

        processor.processPending();
        assertThat(textsTo(TROUBLED)).isEmpty();
        processor.processPending();

        List<String> troubled = textsTo(TROUBLED);
        assertThat(troubled).hasSize(2);
        assertThat(troubled.get(0)).contains("что-то пошло не так");
        assertThat(troubled.get(1)).as("the update after the one set aside is answered").contains("CMO");
        assertThat(textsTo(ADMIN)).singleElement().asString()
                .contains("666", "update 2", "3 раз", "IllegalStateException at InboundProcessorTest.decode")
                .doesNotContain("+996555123456");
    }

    @Test
    void processPending_aBurstOfManyChats_answersEachChatInOrder_inOneRound() {
        for (int i = 0; i < 40; i++) {
            long chat = 1_000 + i % 8;
            store(100 + i, chat, i % 16 < 8 ? "Сколько стоит ретейнер в месяц?" : "Сколько стоит час работы CMO?");
        }
        assertThat(processor.processPending()).isEqualTo(40);
        for (int c = 0; c < 8; c++) {
            assertThat(textsTo(1_000 + c)).as("chat %s", 1_000 + c).hasSize(5)
                    .satisfies(texts -> {
                        assertThat(texts.get(0)).contains("$2 000–5 000");
                        assertThat(texts.get(1)).contains("$50–150");
                        assertThat(texts.get(2)).contains("$2 000–5 000");
                    });
        }
    }

    @Test
    void processPending_whenTheDatabaseRefusesOneUpdateOfABurst_theOthersAreAnswered_andItsChatWaitsBehindIt() {
        database.transaction(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER refuse BEFORE INSERT ON transcripts WHEN NEW.text = 'explode'"
                        + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
            }
            return null;
        });
        troubledChatSpeaksRussian();
        store(2, TROUBLED, "explode");
        store(3, BYSTANDER, "Сколько стоит ретейнер в месяц?");
        store(4, TROUBLED, "Что такое fractional CMO?");
        store(5, BYSTANDER + 1, "Сколько стоит час работы CMO?");

        assertThat(processor.processPending()).as("both bystanders, in the same round").isEqualTo(2);
        assertThat(textsTo(BYSTANDER)).singleElement().asString().contains("$2 000–5 000");
        assertThat(textsTo(BYSTANDER + 1)).singleElement().asString().contains("$50–150");
        assertThat(textsTo(TROUBLED)).as("held behind the update the database refused").isEmpty();

        processor.processPending();
        processor.processPending();
        List<String> troubled = textsTo(TROUBLED);
        assertThat(troubled).hasSize(2);
        assertThat(troubled.get(0)).contains("что-то пошло не так");
        assertThat(troubled.get(1)).contains("CMO");
    }
}
