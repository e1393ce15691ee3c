package cmoadvisor.delivery;

import cmoadvisor.conversation.Outbound;

/** Chats go to the transport, webhook calls to HTTP; the outbox sender sees one gateway. */
public final class RoutingGateway implements MessageGateway {
    private final MessageGateway chats;
    private final WebhookGateway webhooks;

    public RoutingGateway(MessageGateway chats, WebhookGateway webhooks) {
        this.chats = chats;
        this.webhooks = webhooks;
    }

    @Override
    public Delivery send(Outbound outbound) {
        return outbound instanceof Outbound.LeadWebhook call ? webhooks.post(call) : chats.send(outbound);
    }

    @Override
    public void typing(long chatId) {
        chats.typing(chatId);
    }

    @Override
    public void answerButton(String callbackId, String text) {
        chats.answerButton(callbackId, text);
    }

    @Override
    public void editButtons(long chatId, long messageId, cmoadvisor.conversation.Keyboard keyboard) {
        chats.editButtons(chatId, messageId, keyboard);
    }
}
