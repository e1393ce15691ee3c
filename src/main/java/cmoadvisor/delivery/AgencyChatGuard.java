package cmoadvisor.delivery;

import cmoadvisor.conversation.Lead;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.knowledge.Messages;
import cmoadvisor.storage.BotState;
import cmoadvisor.storage.JdbcConversationStore;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Outbox;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a refusal of the agency group means: not the end of a lead card, as it would be for a prospect who
 * blocked the bot, but a fault the admins can put right. The card (and what queues behind it) waits and is
 * tried again every minute; the admins are told once, with what to do, and once more when the group works
 * again; each prospect whose card waits is told the truth once. A group that became a supergroup is
 * followed to its new id at once.
 */
public final class AgencyChatGuard {
    static final String REFUSED = "agency_chat.refused";
    static final Duration RETRY_EVERY = Duration.ofMinutes(1);

    private final AgencyChat chat;
    private final AdminAlerts alerts;
    private final Supplier<Messages> messages;
    private final Json json;
    private final Clock clock;

    public AgencyChatGuard(AgencyChat chat, AdminAlerts alerts, Supplier<Messages> messages, Json json, Clock clock) {
        this.chat = chat;
        this.alerts = alerts;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
    }

    /** Whether the entry is for the agency group, whose refusals this guard handles. */
    boolean guards(Outbox.Entry entry) {
        Outbound outbound = entry.outbound();
        return (outbound instanceof Outbound.Message || outbound instanceof Outbound.Document
                || outbound instanceof Outbound.Photo || outbound instanceof Outbound.Copy) && chat.isAgency(outbound.orderingKey());
    }

    /** The group refused the entry: it waits, inside the caller's transaction. */
    void refused(Connection c, Outbox outbox, Outbox.Entry entry, MessageGateway.Delivery.ChatUnavailable refusal) {
        outbox.retryAt(entry, clock.millis() + RETRY_EVERY.toMillis(), refusal.error());
        if (new BotState(c, clock).putIfAbsent(REFUSED, refusal.why().name())) {
            alerts.enqueue(outbox, "admin_agency_chat_refused", "chat", chat.current(), "reason", refusal.error(),
                    "what_to_do", alerts.plain(remedy(refusal.why())));
        }
        if (entry.outbound() instanceof Outbound.Message message && message.leadId() != null) {
            tellTheProspectOnce(c, outbox, message.leadId());
        }
    }

    /**
     * A prospect's chat refused a message about their open lead for good (they blocked the bot, a file too
     * large): the group hears it once per lead, next to the lead, which stays open.
     */
    void prospectRefused(Connection c, Outbox outbox, Outbox.Entry entry, String error) {
        Long leadId = entry.outbound() instanceof Outbound.Message m ? m.leadId()
                : entry.outbound() instanceof Outbound.Copy copy ? copy.leadId() : null;
        if (leadId == null || entry.outbound().orderingKey() <= 0 || chat.configured() == 0) {
            return;
        }
        JdbcConversationStore store = new JdbcConversationStore(c, json, null, clock);
        boolean open = store.lead(leadId).filter(lead -> lead.status() != Lead.Status.DONE).isPresent();
        if (open && new BotState(c, clock).putIfAbsent("lead_unreachable:" + leadId, error)) {
            outbox.enqueue(new Outbound.Message(chat.configured(), messages.get().html("lead_prospect_unreachable",
                    alerts.language(), "id", leadId, "reason", error), cmoadvisor.conversation.Keyboard.NONE, leadId));
        }
    }

    /** The group took an entry: if it had refused before, the admins hear that it works again. */
    void delivered(Connection c, Outbox outbox, Outbox.Entry entry) {
        if (guards(entry) && new BotState(c, clock).remove(REFUSED)) {
            alerts.enqueue(outbox, "admin_agency_chat_back");
        }
    }

    /** The group became a supergroup: the bot follows it, and the entry goes there right away. */
    void moved(Connection c, Outbox outbox, Outbox.Entry entry, long newChatId) {
        long old = chat.movedTo(new BotState(c, clock), newChatId);
        outbox.retryAt(entry, clock.millis(), "the group moved to " + newChatId);
        alerts.enqueue(outbox, "admin_agency_chat_migrated", "new", newChatId, "old", old);
    }

    private void tellTheProspectOnce(Connection c, Outbox outbox, long leadId) {
        JdbcConversationStore store = new JdbcConversationStore(c, json, null, clock);
        if (!store.markDelayTold(leadId)) {
            return;
        }
        store.lead(leadId).filter(lead -> lead.status() != Lead.Status.DONE).ifPresent(lead -> outbox.enqueue(new Outbound.Message(lead.chatId(),
                messages.get().html("lead_delayed", lead.lang(), "id", lead.id()))));
    }

    private static String remedy(MessageGateway.Delivery.Unavailable why) {
        return switch (why) {
            case MISSING -> "admin_agency_fix_missing";
            case KICKED -> "admin_agency_fix_kicked";
            case NO_RIGHTS -> "admin_agency_fix_rights";
        };
    }
}
