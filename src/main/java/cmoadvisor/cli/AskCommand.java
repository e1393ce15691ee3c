package cmoadvisor.cli;

import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.conversation.InMemoryStore;
import cmoadvisor.conversation.Inbound;
import cmoadvisor.conversation.Keyboard;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.conversation.Person;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.AnswerEngine;
import cmoadvisor.text.Html;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ask}: each question goes through the whole conversation engine — understanding, dialogue policy,
 * knowledge — as the first message of a fresh chat, and one JSON object a line comes out, with the text
 * exactly as a user would read it. With {@code --conversation}, the lines are the turns of one chat and an
 * empty line starts the next. Admins use it to check an edit; the evaluation scores it. Nothing is stored.
 */
final class AskCommand {
    private static final long CHAT = 1L;
    private static final long NO_AGENCY_CHAT = -1L;

    private final ObjectMapper json = new ObjectMapper();
    private final AnswerEngine answers;
    private final ConversationEngine engine;
    private final Clock clock;
    private boolean explain;
    private boolean conversation;

    AskCommand(AnswerEngine answers, ConversationEngine.Options options, Clock clock) {
        this.answers = answers;
        this.engine = new ConversationEngine(answers, new ConversationEngine.Options(NO_AGENCY_CHAT,
                options.agencyLanguage(), options.relayQuietPeriod(), java.util.Set.of(), null));
        this.clock = clock;
    }

    /** Adds the ranked candidates and the question's terms to each line, to see why a topic was chosen. */
    AskCommand explaining(boolean explain) {
        this.explain = explain;
        return this;
    }

    /** Reads turns of conversations instead of separate questions. */
    AskCommand conversations(boolean conversation) {
        this.conversation = conversation;
        return this;
    }

    int run(List<String> questions, Optional<Lang> lang, BufferedReader in, PrintStream out) throws IOException {
        if (!questions.isEmpty()) {
            String question = String.join(" ", questions);
            out.println(toJson(new Chat(lang, question), question, 0, 0));
            out.flush();
            return 0;
        }
        Chat chat = null;
        int conversationNumber = 1;
        int turn = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (conversation && line.isBlank()) {
                if (turn > 0) {
                    chat = null;
                    conversationNumber++;
                    turn = 0;
                }
                continue;
            }
            if (!conversation || chat == null) {
                // One question a line, one answer a line: even an empty line gets its answer, so that
                // answers stay aligned with the questions.
                chat = new Chat(lang, line);
            }
            turn++;
            out.println(toJson(chat, line, conversation ? conversationNumber : 0, turn));
        }
        out.flush();
        return 0;
    }

    /**
     * One chat with the engine, in memory. Its user's Telegram language is --lang, or else the language of
     * the chat's first message: "ок" alone is Russian here, as a new Telegram user's settings would say.
     */
    private final class Chat {
        final InMemoryStore store = new InMemoryStore();
        final Person user;

        Chat(Optional<Lang> lang, String firstMessage) {
            user = new Person(CHAT, null, null,
                    lang.orElseGet(() -> answers.detectLanguage(firstMessage, Lang.PRIMARY)).code());
            lang.ifPresent(l -> engine.handle(new Inbound.Text(CHAT, user, "/lang " + l.code(), null), store, clock.instant()));
        }

        ConversationEngine.Handled say(String text) {
            return engine.handleDetailed(new Inbound.Text(CHAT, user, text, null), store, clock.instant());
        }

        Lang lang() {
            return store.session(CHAT).map(s -> s.lang()).orElse(Lang.PRIMARY);
        }
    }

    private String toJson(Chat chat, String question, int conversationNumber, int turn) throws IOException {
        ConversationEngine.Handled handled = chat.say(question);
        List<String> texts = new ArrayList<>();
        ArrayNode buttons = json.createArrayNode();
        for (Outbound reply : handled.replies()) {
            if (reply instanceof Outbound.Message message && message.chatId() == CHAT) {
                texts.add(Html.toPlainText(message.html()));
                if (message.keyboard() instanceof Keyboard.Buttons rows) {
                    buttons.removeAll();
                    rows.rows().forEach(row -> row.forEach(button -> buttons.add(button.label())));
                }
            }
        }
        ObjectNode node = json.createObjectNode();
        if (conversation) {
            node.put("conversation", conversationNumber);
            node.put("turn", turn);
        }
        node.put("question", question);
        node.put("lang", chat.lang().code());
        node.put("answered", handled.decision().answered());
        if (handled.decision().topic() == null) {
            node.putNull("topic");
        } else {
            node.put("topic", handled.decision().topic());
        }
        node.put("score", Math.round(handled.decision().score() * 1000) / 1000.0);
        node.put("text", String.join("\n", texts));
        if (conversation) {
            node.set("buttons", buttons);
        }
        if (explain) {
            node.set("explain", json.valueToTree(answers.explain(question, answers.detectLanguage(question, chat.lang()))));
        }
        return json.writeValueAsString(node);
    }
}
