package cmoadvisor.cli;

import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.conversation.Inbound;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.text.Markdown;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/** {@code chat}: the conversation engine in a terminal, one chat, until end of input or /quit. */
final class ChatCommand {
    private static final long CONSOLE_CHAT_ID = 1L;

    private final ConversationEngine conversation;

    ChatCommand(ConversationEngine conversation) {
        this.conversation = conversation;
    }

    int run(Optional<Lang> lang, BufferedReader in, PrintStream out) throws IOException {
        lang.ifPresent(l -> conversation.handle(new Inbound(CONSOLE_CHAT_ID, "/lang " + l.code())));
        print(conversation.handle(new Inbound(CONSOLE_CHAT_ID, "/start")), out);
        out.println("(/help, /lang ky|ru|en, /quit)");
        while (true) {
            out.print("> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equalsIgnoreCase("/quit") || line.strip().equalsIgnoreCase("/exit")) {
                out.println();
                return 0;
            }
            if (line.isBlank()) {
                continue;
            }
            print(conversation.handle(new Inbound(CONSOLE_CHAT_ID, line)), out);
        }
    }

    private static void print(Iterable<Outbound> replies, PrintStream out) {
        for (Outbound reply : replies) {
            out.println();
            out.println(Markdown.toPlain(reply.markdown()));
            out.println();
        }
    }
}
