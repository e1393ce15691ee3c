package cmoadvisor.conversation;

import cmoadvisor.text.Markdown;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversation tests that read like the chat they check:
 * <pre>
 *   chat.user("/start").bot(reply -> reply.contains("Саламатсызбы"));
 * </pre>
 */
final class Transcript {
    private final ConversationEngine engine;
    private final long chatId;
    private List<Outbound> lastReplies = List.of();

    Transcript(ConversationEngine engine, long chatId) {
        this.engine = engine;
        this.chatId = chatId;
    }

    Transcript user(String text) {
        lastReplies = engine.handle(new Inbound(chatId, text));
        return this;
    }

    /** Checks the bot's single reply to the last message, as the user reads it. */
    Transcript bot(java.util.function.Consumer<org.assertj.core.api.AbstractStringAssert<?>> expectation) {
        assertThat(lastReplies).hasSize(1);
        assertThat(lastReplies.get(0).chatId()).isEqualTo(chatId);
        expectation.accept(assertThat(Markdown.toPlain(lastReplies.get(0).markdown())));
        return this;
    }

    Transcript botSays(String... fragments) {
        return bot(reply -> reply.contains(fragments));
    }

    Outbound lastReply() {
        return lastReplies.get(0);
    }
}
