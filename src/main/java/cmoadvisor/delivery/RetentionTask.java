package cmoadvisor.delivery;

import cmoadvisor.storage.Database;
import cmoadvisor.storage.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Once a day, removes what is kept only for the retention period (processed updates, delivered outbox
 * entries, transcripts): see {@link Retention}. Runs on a background thread of its own, once at start.
 */
public final class RetentionTask implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionTask.class);
    private static final Duration EVERY = Duration.ofDays(1);

    private final Worker worker;

    public RetentionTask(Database database, Duration keep, Clock clock) {
        this.worker = new Worker("retention", () -> {
            long now = clock.millis();
            Retention.Pruned pruned = database.transaction(c -> new Retention(c).prune(now - keep.toMillis()));
            if (pruned.total() > 0) {
                log.info("retention: removed {} processed update(s), {} delivered outbox entr(ies), {} transcript line(s) older than {} days",
                        pruned.updates(), pruned.outbox(), pruned.transcripts(), keep.toDays());
            }
            return now + EVERY.toMillis();
        }, clock);
    }

    public void start() {
        worker.start();
    }

    @Override
    public void close() {
        worker.close();
    }
}
