package cmoadvisor.delivery;

import cmoadvisor.conversation.Outbound;

/**
 * Chats go to the transport, webhook calls to HTTP, admins' tasks to the admin desk, reminders that came
 * due to the conversation engine; the outbox sender sees one gateway.
 */
public final class RoutingGateway implements MessageGateway {
    private final MessageGateway chats;
    private final WebhookGateway webhooks;
    private final java.util.function.Function<Outbound.AdminTask, Delivery> adminTasks;
    private final java.util.function.Function<Outbound.Reminder, Delivery> reminders;

    public RoutingGateway(MessageGateway chats, WebhookGateway webhooks,
                          java.util.function.Function<Outbound.AdminTask, Delivery> adminTasks,
                          java.util.function.Function<Outbound.Reminder, Delivery> reminders) {
        this.chats = chats;
        this.webhooks = webhooks;
        this.adminTasks = adminTasks;
        this.reminders = reminders;
    }

    /** Without reminders (a test of the other routes). */
    public RoutingGateway(MessageGateway chats, WebhookGateway webhooks,
                          java.util.function.Function<Outbound.AdminTask, Delivery> adminTasks) {
        this(chats, webhooks, adminTasks, reminder -> new Delivery.Rejected("reminders are not carried out here"));
    }

    @Override
    public Delivery send(Outbound outbound) {
        if (outbound instanceof Outbound.LeadWebhook call) {
            return webhooks.post(call);
        }
        if (outbound instanceof Outbound.AdminTask task) {
            return adminTasks.apply(task);
        }
        if (outbound instanceof Outbound.Reminder reminder) {
            return reminders.apply(reminder);
        }
        return chats.send(outbound);
    }

    @Override
    public boolean costsNothing(Outbound outbound) {
        return chats.costsNothing(outbound);
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
    public void answerButton(String callbackId, String text, boolean alert) {
        chats.answerButton(callbackId, text, alert);
    }

    @Override
    public void editButtons(long chatId, long messageId, cmoadvisor.conversation.Keyboard keyboard) {
        chats.editButtons(chatId, messageId, keyboard);
    }
}
