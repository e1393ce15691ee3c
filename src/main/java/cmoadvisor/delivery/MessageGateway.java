package cmoadvisor.delivery;

import cmoadvisor.conversation.Outbound;

import java.time.Duration;
import java.util.List;

/** A transport's way out: Telegram, the terminal, or (for webhooks) HTTP. */
public interface MessageGateway {

    /** What became of a send. */
    sealed interface Delivery {
        /** Delivered; the ids of the messages it took (a long text may take several). */
        record Sent(List<Long> messageIds) implements Delivery {
        }

        /** Not now: a network failure or Telegram's 429; {@code after} is Telegram's retry_after, if it gave one. */
        record RetryLater(Duration after, String error) implements Delivery {
        }

        /** Never: the chat is gone or the bot was blocked. */
        record Rejected(String error) implements Delivery {
        }
    }

    /** Delivers a durable outbound: a message, a document, or a webhook call. */
    Delivery send(Outbound outbound);

    /** Best effort: a failure is logged, not retried. */
    void typing(long chatId);

    /** Best effort: a failure is logged, not retried. */
    void answerButton(String callbackId, String text);

    /** Best effort: a failure is logged, not retried. */
    default void editButtons(long chatId, long messageId, cmoadvisor.conversation.Keyboard keyboard) {
    }
}
