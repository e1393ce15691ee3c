package cmoadvisor.storage;

import java.sql.Connection;
import java.util.List;

/**
 * Inbound updates, written the moment the poller hands them over and before anything else happens:
 * an update once accepted survives a crash and is processed exactly once, in order.
 */
public final class UpdateLog {
    /** An update stored and not processed yet. */
    public record Pending(long updateId, Long chatId, String payload, int attempts) {
    }

    private final Connection c;
    private final Database.Dialect dialect;
    private final java.time.Clock clock;

    public UpdateLog(Connection connection, Database.Dialect dialect, java.time.Clock clock) {
        this.c = connection;
        this.dialect = dialect;
        this.clock = clock;
    }

    /**
     * Stores an update; one seen before (Telegram re-sends after a restart) is ignored. {@code chatId} (null
     * when the update has none) lets /forget find the person's updates.
     */
    public void accept(long updateId, Long chatId, String payload) {
        Sql.later(c, "INSERT INTO inbound_updates (update_id, chat_id, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING",
                p -> {
                    p.setLong(1, updateId);
                    if (chatId == null) {
                        p.setNull(2, java.sql.Types.BIGINT);
                    } else {
                        p.setLong(2, chatId);
                    }
                    p.setString(3, payload);
                    p.setLong(4, clock.millis());
                });
    }

    /**
     * Stores an update that could not be read, as it came and already set aside, for an admin to look at;
     * true when it is new (Telegram may send it again).
     */
    public boolean acceptUnreadable(long updateId, Long chatId, String raw, String problem) {
        return Sql.update(c, "INSERT INTO inbound_updates (update_id, chat_id, payload, received_at, processed_at, last_error)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING", p -> {
                    p.setLong(1, updateId);
                    if (chatId == null) {
                        p.setNull(2, java.sql.Types.BIGINT);
                    } else {
                        p.setLong(2, chatId);
                    }
                    p.setString(3, raw);
                    p.setLong(4, clock.millis());
                    p.setLong(5, clock.millis());
                    p.setString(6, "unreadable: " + problem);
                }) == 1;
    }

    /** Serialises claims of updates across instances on PostgreSQL, for the moment a claim takes. */
    private static final long CLAIM_LOCK = 0x636d6f5f75706473L;

    /**
     * Claims up to {@code limit} unprocessed updates for {@code claimant} until {@code until}, oldest first,
     * leaving out every chat another claimant holds a live claim in: a chat's updates are processed by one
     * instance at a time, in order, whichever instance received them.
     */
    public List<Pending> claim(String claimant, long now, long until, int limit) {
        if (dialect == Database.Dialect.POSTGRES) {
            // Sent with the claim itself (see Sql#later): one round trip for both.
            Sql.later(c, "SELECT pg_advisory_xact_lock(" + CLAIM_LOCK + ")", p -> { });
        }
        // Found and claimed by one statement; its rows come in no particular order.
        List<Pending> claimed = new java.util.ArrayList<>(Sql.list(c, "UPDATE inbound_updates SET claimed_by = ?, claimed_until = ?"
                        + " WHERE update_id IN (SELECT u.update_id FROM inbound_updates u"
                        + " WHERE u.processed_at IS NULL AND NOT EXISTS (SELECT 1 FROM inbound_updates o WHERE o.processed_at IS NULL"
                        + "   AND o.claimed_by <> ? AND o.claimed_until >= ? AND (o.update_id = u.update_id OR o.chat_id = u.chat_id))"
                        + " ORDER BY u.update_id LIMIT ?) RETURNING update_id, chat_id, payload, attempts",
                p -> {
                    p.setString(1, claimant);
                    p.setLong(2, until);
                    p.setString(3, claimant);
                    p.setLong(4, now);
                    p.setInt(5, limit);
                }, r -> {
                    long chatId = r.getLong(2);
                    return new Pending(r.getLong(1), r.wasNull() ? null : chatId, r.getString(3), r.getInt(4));
                }));
        claimed.sort(java.util.Comparator.comparingLong(Pending::updateId));
        return claimed;
    }

    /** Drops every claim: for a database only this process may use (SQLite), whose earlier self died. */
    public void releaseAllClaims() {
        Sql.update(c, "UPDATE inbound_updates SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by IS NOT NULL", p -> { });
    }

    public List<Pending> pending(int limit) {
        return Sql.list(c, "SELECT update_id, chat_id, payload, attempts FROM inbound_updates WHERE processed_at IS NULL ORDER BY update_id LIMIT ?",
                p -> p.setInt(1, limit), r -> {
                    long chatId = r.getLong(2);
                    return new Pending(r.getLong(1), r.wasNull() ? null : chatId, r.getString(3), r.getInt(4));
                });
    }

    /** Once processed, an update keeps only its id (so that a repeat is known) and times, none of its content. */
    public void markProcessed(long updateId) {
        markProcessed(updateId, false);
    }

    /**
     * @param forgetChat the update was the person's /forget: it loses the chat too
     * @return false when it had been processed already (by another instance, after this one's claim ran out)
     */
    public boolean markProcessed(long updateId, boolean forgetChat) {
        return Sql.update(c, "UPDATE inbound_updates SET processed_at = ?, payload = '{}', claimed_by = NULL, claimed_until = NULL"
                + (forgetChat ? ", chat_id = NULL" : "") + " WHERE update_id = ? AND processed_at IS NULL", p -> {
            p.setLong(1, clock.millis());
            p.setLong(2, updateId);
        }) == 1;
    }

    /** Records a failed attempt; after too many the update is set aside so that later ones are not held up. */
    public void markFailed(long updateId, String error, boolean giveUp) {
        Sql.later(c, "UPDATE inbound_updates SET attempts = attempts + 1, last_error = ?, processed_at = ?,"
                + " claimed_by = NULL, claimed_until = NULL WHERE update_id = ?", p -> {
            p.setString(1, error);
            if (giveUp) {
                p.setLong(2, clock.millis());
            } else {
                p.setNull(2, java.sql.Types.BIGINT);
            }
            p.setLong(3, updateId);
        });
    }

    public int pendingCount() {
        return Sql.one(c, "SELECT COUNT(*) FROM inbound_updates WHERE processed_at IS NULL", p -> { }, r -> r.getInt(1)).orElse(0);
    }

    Database.Dialect dialect() {
        return dialect;
    }
}
