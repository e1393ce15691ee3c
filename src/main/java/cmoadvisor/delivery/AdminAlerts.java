package cmoadvisor.delivery;

import cmoadvisor.conversation.Outbound;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Messages;
import cmoadvisor.storage.Outbox;
import cmoadvisor.storage.StorageAlarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Notices to the admins about faults of the running bot, in {@code AGENCY_LANGUAGE}, to each admin's private
 * chat. Most go through the outbox, in the transaction that found the fault; a fault of the database itself
 * cannot, so that one is sent straight through the gateway, off the failing thread.
 */
public final class AdminAlerts {
    private static final Logger log = LoggerFactory.getLogger(AdminAlerts.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final Supplier<Messages> messages;
    private final Set<Long> admins;
    private final Lang lang;
    private final MessageGateway gateway;
    private final Executor direct;

    /**
     * @param gateway for notices that cannot wait in the database
     * @param direct  the thread those are sent on, so that the database's caller is not held up
     */
    public AdminAlerts(Supplier<Messages> messages, Set<Long> admins, Lang lang, MessageGateway gateway, Executor direct) {
        this.messages = messages;
        this.admins = Set.copyOf(admins);
        this.lang = lang;
        this.gateway = gateway;
        this.direct = direct;
    }

    /** The notice in the admins' language, as Telegram HTML; every value is escaped. */
    public String text(String key, Object... pairs) {
        return messages.get().html(key, lang, pairs);
    }

    /** The agency's language, in which the admins and the group are told things. */
    public Lang language() {
        return lang;
    }

    public String plain(String key) {
        return messages.get().get(key, lang);
    }

    /** Queues the notice for every admin inside the caller's transaction. */
    public void enqueue(Outbox outbox, String key, Object... pairs) {
        String html = text(key, pairs);
        log.warn("admin notice {} queued for {} admin(s)", key, admins.size());
        admins.forEach(admin -> outbox.enqueue(new Outbound.Message(admin, html)));
    }

    /** Sends the notice to every admin now, without the database; a refusal is logged, not retried. */
    public void sendDirectly(String key, Object... pairs) {
        String html = text(key, pairs);
        log.warn("admin notice {} sent directly to {} admin(s)", key, admins.size());
        direct.execute(() -> admins.forEach(admin -> {
            MessageGateway.Delivery delivery = gateway.send(new Outbound.Message(admin, html));
            if (!(delivery instanceof MessageGateway.Delivery.Sent)) {
                log.warn("admin notice {} was not delivered: {}", key, delivery);
            }
        }));
    }

    /** What the admins hear of a database that keeps failing. */
    public StorageAlarm.Listener storageListener() {
        return new StorageAlarm.Listener() {
            @Override
            public void faultLasts(Instant since, String reason) {
                sendDirectly("admin_storage_fault", "since", TIME.format(since), "reason", reason);
            }

            @Override
            public void faultCleared(Instant since, Instant until) {
                long minutes = Math.max(1, Duration.between(since, until).toMinutes());
                sendDirectly("admin_storage_recovered", "minutes", minutes);
            }
        };
    }
}
