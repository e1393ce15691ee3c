package cmoadvisor.storage;

import java.sql.Connection;

/**
 * What the bot keeps only for a while: updates once processed, outbox entries once delivered or refused
 * for good (their payloads hold what was said, exports included), and transcripts. Leads, sessions and the
 * funnel's events are kept. Run daily by the bot; the cut-off is the retention setting.
 */
public final class Retention {
    private final Connection c;

    public Retention(Connection connection) {
        this.c = connection;
    }

    /** What one pruning removed. */
    public record Pruned(int updates, int outbox, int transcripts) {
        public int total() {
            return updates + outbox + transcripts;
        }
    }

    /** Removes what is older than {@code cutoffMillis} (epoch milliseconds). */
    public Pruned prune(long cutoffMillis) {
        return new Pruned(
                delete("DELETE FROM inbound_updates WHERE processed_at IS NOT NULL AND processed_at < ?", cutoffMillis),
                delete("DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < ?) OR (failed_at IS NOT NULL AND failed_at < ?)",
                        cutoffMillis, cutoffMillis),
                delete("DELETE FROM transcripts WHERE at < ?", cutoffMillis));
    }

    private int delete(String sql, long... cutoffs) {
        return Sql.update(c, sql, p -> {
            for (int i = 0; i < cutoffs.length; i++) {
                p.setLong(i + 1, cutoffs[i]);
            }
        });
    }
}
