package cmoadvisor.cli;

import cmoadvisor.conversation.Button;
import cmoadvisor.conversation.Keyboard;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.delivery.MessageGateway;
import cmoadvisor.text.Html;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The terminal as a transport: the user's messages are printed with their buttons as numbered choices,
 * and what would go to the agency's group (lead cards, relayed messages) is printed as such.
 */
final class ConsoleGateway implements MessageGateway {
    private final PrintStream out;
    private final long userChatId;
    private final AtomicLong messageIds = new AtomicLong();
    private List<Button> choices = List.of();

    ConsoleGateway(PrintStream out, long userChatId) {
        this.out = out;
        this.userChatId = userChatId;
    }

    @Override
    public synchronized Delivery send(Outbound outbound) {
        if (outbound instanceof Outbound.OpenTopic || outbound instanceof Outbound.RenameTopic) {
            // A terminal has no forum topics: the lead stays in the one agency "chat".
            return new Delivery.Sent(List.of());
        }
        if (!(outbound instanceof Outbound.Message message)) {
            out.println("(" + outbound.getClass().getSimpleName() + " is not shown in the terminal)");
            return new Delivery.Sent(List.of());
        }
        String text = Html.toPlainText(message.html());
        if (message.chatId() != userChatId) {
            out.println();
            out.println("┌─ to the agency's chat " + message.chatId());
            text.lines().forEach(line -> out.println("│ " + line));
            if (message.keyboard() instanceof Keyboard.Buttons buttons) {
                out.println("│ " + buttons.rows().stream().flatMap(List::stream).map(b -> "[" + b.label() + "]").toList());
            }
            out.println("└─");
            return new Delivery.Sent(List.of(messageIds.incrementAndGet()));
        }
        out.println();
        out.println(text);
        List<Button> shown = new ArrayList<>();
        if (message.keyboard() instanceof Keyboard.Buttons buttons) {
            buttons.rows().forEach(shown::addAll);
            for (int i = 0; i < shown.size(); i++) {
                out.println("  " + (i + 1) + ") " + shown.get(i).label());
            }
        } else if (message.keyboard() instanceof Keyboard.ShareContact contact) {
            out.println("  (" + contact.label() + ": type the number)");
        }
        if (!shown.isEmpty() || !(message.keyboard() instanceof Keyboard.None)) {
            choices = List.copyOf(shown);
        }
        return new Delivery.Sent(List.of(messageIds.incrementAndGet()));
    }

    /** The button a typed number picks among the last ones shown, if it is one. */
    synchronized java.util.Optional<Button> choice(String line) {
        try {
            int index = Integer.parseInt(line.strip()) - 1;
            return index >= 0 && index < choices.size() ? java.util.Optional.of(choices.get(index)) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void typing(long chatId) {
        // A terminal answers at once; there is nothing to wait for.
    }

    @Override
    public void answerButton(String callbackId, String text) {
        if (text != null) {
            out.println("(" + text + ")");
        }
    }
}
