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
        Sql.update(c, "INSERT INTO inbound_updates (update_id, chat_id, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING",
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

    /** @param forgetChat the update was the person's /forget: it loses the chat too */
    public void markProcessed(long updateId, boolean forgetChat) {
        Sql.update(c, "UPDATE inbound_updates SET processed_at = ?, payload = '{}'"
                + (forgetChat ? ", chat_id = NULL" : "") + " WHERE update_id = ?", p -> {
            p.setLong(1, clock.millis());
            p.setLong(2, updateId);
        });
    }

    /** Records a failed attempt; after too many the update is set aside so that later ones are not held up. */
    public void markFailed(long updateId, String error, boolean giveUp) {
        Sql.update(c, "UPDATE inbound_updates SET attempts = attempts + 1, last_error = ?, processed_at = ? WHERE update_id = ?", p -> {
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
