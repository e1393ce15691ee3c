package cmoadvisor.storage;

import cmoadvisor.conversation.Outbound;

import java.sql.Connection;
import java.util.List;

/**
 * Messages to send, written in the same transaction as the state that caused them, then delivered by the
 * sender with retries. Messages to one chat go out in order: a later one waits while an earlier one is
 * being retried.
 */
public final class Outbox {
    /** Something waiting to be delivered: a message, a document or a webhook call. */
    public record Entry(long id, Outbound outbound, int attempts, long dueAt, long turnUntil) {
        public Entry(long id, Outbound outbound, int attempts, long dueAt) {
            this(id, outbound, attempts, dueAt, 0);
        }

        public Entry(long id, Outbound outbound, int attempts) {
            this(id, outbound, attempts, Long.MIN_VALUE);
        }

        /**
         * Whether, at {@code now}, the entry is known to be its chat's oldest unsent entry and this instance's to
         * send ({@link #add(Outbound, Claim)}), with no need to ask the database.
         */
        public boolean turnKnownAt(long now) {
            return now < turnUntil;
        }
    }

    /**
     * An entry's claim made with its insert: who (null where one process holds the database and claims are not
     * used), until when, and until when the turn found then may be trusted without a look.
     */
    public record Claim(String claimant, long until, long trustedUntil) {
    }

    private final Connection c;
    private final Json json;
    private final java.time.Clock clock;

    public Outbox(Connection connection, Json json, java.time.Clock clock) {
        this.c = connection;
        this.json = json;
        this.clock = clock;
    }

    private boolean enqueuedAny;
    private boolean lastLookFilled;

    /** Whether the last {@link #due} found as many rows as its limit, before leaving any out. */
    public boolean lastLookFilled() {
        return lastLookFilled;
    }

    /** Whether anything was enqueued through this outbox: who hands nothing over wakes the sender to look. */
    public boolean enqueuedAny() {
        return enqueuedAny;
    }

    /** Writes the outbound into the outbox; returns it as the entry it is there, for {@code handOver} after the commit. */
    public Entry enqueue(Outbound outbound) {
        Queued queued = add(outbound, null);
        Sql.flush(c);
        return queued.entry();
    }

    /** An outbound written with the transaction's next statement (see {@link #add}). */
    public static final class Queued {
        private Entry entry;

        /** The entry it is in the outbox, once written. */
        public Entry entry() {
            if (entry == null) {
                throw new IllegalStateException("the outbox entry is not written yet");
            }
            return entry;
        }
    }

    /**
     * {@link #enqueue}, the insert going with the transaction's next statement (on PostgreSQL in its round
     * trip): the entry is known once that ran, and always once the transaction committed.
     *
     * <p>With a {@code claim} (the processor's replies, handed to this instance's sender after the commit),
     * the entry is claimed as it is written, and the insert says whether an unsent entry of its chat is older:
     * when none is, the sender may send it without first asking the database whether its turn has come (a
     * claim, or a read, and a transaction an entry). The id comes from the one connection of the process's
     * transactions, so where one process holds the database no older entry can appear after it.
     */
    public Queued add(Outbound outbound, Claim claim) {
        if (!outbound.durable()) {
            throw new IllegalArgumentException(outbound.getClass().getSimpleName() + " is not delivered through the outbox");
        }
        long now = clock.millis();
        Long leadId = outbound instanceof Outbound.Message message ? message.leadId()
                : outbound instanceof Outbound.Copy copy ? copy.leadId()
                : outbound instanceof Outbound.Reminder reminder ? reminder.leadId()
                : outbound instanceof Outbound.LeadWebhook call ? Long.valueOf(call.leadId()) : null;
        long firstAttempt = outbound instanceof Outbound.Reminder reminder ? reminder.due().toEpochMilli() : now;
        Queued queued = new Queued();
        // Only an entry due now is sent at once: a reminder's or a later retry's is claimed when it comes due.
        Claim mine = firstAttempt <= now ? claim : null;
        String behind = mine == null ? "" : ", EXISTS (SELECT 1 FROM outbox e WHERE e.chat_id = outbox.chat_id AND e.id < outbox.id"
                + " AND e.sent_at IS NULL AND e.failed_at IS NULL)";
        Sql.later(c, "INSERT INTO outbox (chat_id, payload, lead_id, created_at, next_attempt_at, claimed_by, claimed_until)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id" + behind, p -> {
                    p.setLong(1, outbound.orderingKey());
                    p.setString(2, json.write(outbound));
                    if (leadId == null) {
                        p.setNull(3, java.sql.Types.BIGINT);
                    } else {
                        p.setLong(3, leadId);
                    }
                    p.setLong(4, now);
                    p.setLong(5, firstAttempt);
                    if (mine == null || mine.claimant() == null) {
                        p.setNull(6, java.sql.Types.VARCHAR);
                        p.setNull(7, java.sql.Types.BIGINT);
                    } else {
                        p.setString(6, mine.claimant());
                        p.setLong(7, mine.until());
                    }
                }, r -> {
                    boolean first = mine != null && !r.getBoolean(2);
                    queued.entry = new Entry(r.getLong(1), outbound, 0, firstAttempt, first ? mine.trustedUntil() : 0);
                    return null;
                });
        enqueuedAny = true;
        return queued;
    }

    /** Due entries with no earlier unsent entry of their chat; parameters: now, limit. */
    static final String DUE = "SELECT o.id, o.payload, o.attempts, o.chat_id FROM outbox o"
            + " WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ?"
            + " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.chat_id = o.chat_id AND e.id < o.id"
            + "   AND e.sent_at IS NULL AND e.failed_at IS NULL)"
            + " ORDER BY o.id LIMIT ?";

    public List<Entry> due(long now, int limit) {
        return due(now, limit, chat -> false);
    }

    /**
     * The entries due, each chat's oldest first, leaving out those {@code skip} names (of chats being sent to
     * already): their payloads are not even read, which under load is most of the rows.
     */
    /**
     * @return the entries due; fewer than {@code limit} rows matched when, with those {@code skip} left out,
     * {@link #lastLookFilled} is false
     */
    public List<Entry> due(long now, int limit, java.util.function.LongPredicate skip) {
        List<Entry> due = Sql.list(c, DUE,
                p -> {
                    p.setLong(1, now);
                    p.setInt(2, limit);
                },
                r -> skip.test(r.getLong(4)) ? null
                        : new Entry(r.getLong(1), json.read(r.getString(2), Outbound.class), r.getInt(3)));
        // The limit applies before the chats left out: with as many rows as the limit, more may be due.
        lastLookFilled = due.size() >= limit;
        due.removeIf(java.util.Objects::isNull);
        return due;
    }

    /** Marks a message sent and, for a message about a lead in the agency chat, remembers it for replies. */
    public void markSent(Entry entry, List<Long> messageIds) {
        long last = messageIds.isEmpty() ? 0 : messageIds.get(messageIds.size() - 1);
        // What went out keeps no copy here: a message, an export with every lead's phone, a lead for the CRM.
        Sql.later(c, "UPDATE outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1, payload = '{}', claimed_by = NULL,"
                + " claimed_until = NULL WHERE id = ?", p -> {
            p.setLong(1, clock.millis());
            p.setLong(2, last);
            p.setLong(3, entry.id());
        });
        Long aboutLead = entry.outbound() instanceof Outbound.Message message ? message.leadId()
                : entry.outbound() instanceof Outbound.Copy copy ? copy.leadId() : null;
        long chatId = entry.outbound().orderingKey();
        // Only a group's messages are replied to by managers; a prospect's chat keeps no such record.
        if (aboutLead != null && chatId < 0) {
            long leadId = aboutLead;
            for (long messageId : messageIds) {
                Sql.later(c, "INSERT INTO agency_messages (chat_id, message_id, lead_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", p -> {
                    p.setLong(1, chatId);
                    p.setLong(2, messageId);
                    p.setLong(3, leadId);
                });
            }
        }
    }

    /**
     * Claims a due entry for {@code claimant} until {@code until}: false when another instance holds a live
     * claim on it, or it was settled meanwhile. One sender sends it, whichever instance found it due.
     */
    public boolean claim(Entry entry, String claimant, long now, long until) {
        return Sql.update(c, "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL"
                + " AND next_attempt_at <= ? AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)"
                + " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.chat_id = ? AND e.id < ? AND e.sent_at IS NULL AND e.failed_at IS NULL)",
                p -> {
                    p.setString(1, claimant);
                    p.setLong(2, until);
                    p.setLong(3, entry.id());
                    p.setLong(4, now);
                    p.setString(5, claimant);
                    p.setLong(6, now);
                    p.setLong(7, entry.outbound().orderingKey());
                    p.setLong(8, entry.id());
                }) == 1;
    }

    /** The oldest unsent entry of a chat, due or not. */
    public java.util.Optional<Entry> nextOfChat(long chatId) {
        return Sql.one(c, "SELECT id, payload, attempts, next_attempt_at FROM outbox WHERE chat_id = ? AND sent_at IS NULL"
                        + " AND failed_at IS NULL ORDER BY id LIMIT 1", p -> p.setLong(1, chatId),
                r -> new Entry(r.getLong(1), json.read(r.getString(2), Outbound.class), r.getInt(3), r.getLong(4)));
    }

    /**
     * Whether the entry is still unsent and the oldest unsent entry of its chat: its turn has come. For an
     * entry known without a {@link #due} look; where several processes share the outbox, {@link #claim}
     * asks the same.
     */
    public boolean isNextOfItsChat(Entry entry, long now) {
        return Sql.one(c, "SELECT id, next_attempt_at FROM outbox WHERE chat_id = ? AND sent_at IS NULL AND failed_at IS NULL"
                        + " ORDER BY id LIMIT 1", p -> p.setLong(1, entry.outbound().orderingKey()),
                r -> r.getLong(1) == entry.id() && r.getLong(2) <= now).orElse(false);
    }

    /** Drops every claim: for a database only this process may use (SQLite), whose earlier self died. */
    public void releaseAllClaims() {
        Sql.update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by IS NOT NULL", p -> { });
    }

    public void retryAt(Entry entry, long nextAttemptAt, String error) {
        Sql.later(c, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_by = NULL,"
                + " claimed_until = NULL WHERE id = ?", p -> {
            p.setLong(1, nextAttemptAt);
            p.setString(2, error);
            p.setLong(3, entry.id());
        });
    }

    /** Telegram refused the message for good (the user blocked the bot, the chat is gone). */
    public void markFailed(Entry entry, String error) {
        Sql.later(c, "UPDATE outbox SET attempts = attempts + 1, failed_at = ?, last_error = ?, claimed_by = NULL,"
                + " claimed_until = NULL WHERE id = ?", p -> {
            p.setLong(1, clock.millis());
            p.setString(2, error);
            p.setLong(3, entry.id());
        });
    }

    /** When the next entry that is not due yet will be; Long.MAX_VALUE for none. */
    public long nextAttemptAfter(long now) {
        return Sql.one(c, "SELECT MIN(next_attempt_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at > ?",
                p -> p.setLong(1, now), r -> {
                    long v = r.getLong(1);
                    return r.wasNull() ? Long.MAX_VALUE : v;
                }).orElse(Long.MAX_VALUE);
    }

    /** Whether a message about a lead waits, or is being sent, to this chat. */
    public boolean hasUnsentAboutALead(long chatId) {
        return Sql.one(c, "SELECT 1 FROM outbox WHERE chat_id = ? AND lead_id IS NOT NULL AND sent_at IS NULL AND failed_at IS NULL",
                p -> p.setLong(1, chatId), r -> true).isPresent();
    }

    public int unsentCount() {
        return Sql.one(c, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL", p -> { }, r -> r.getInt(1)).orElse(0);
    }
}
