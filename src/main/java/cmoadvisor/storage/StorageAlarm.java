package cmoadvisor.storage;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns the database's transaction outcomes into two notices: failures that keep coming for
 * {@code lasting} (a full disk, a database that is down), and their end. Reads go on succeeding on a full
 * disk while every write fails, so a success alone does not end a fault: the failures must have stopped
 * for {@link #QUIET_TO_CLEAR} too. A failure now and then, followed by quiet, says nothing.
 */
public final class StorageAlarm implements FaultWatch {
    /** Longer than the longest pause between retries of a write (the poller's, 30 s), so that reads in between do not end a fault. */
    static final Duration QUIET_TO_CLEAR = Duration.ofSeconds(60);

    /** Who is told; called on the thread of the failing transaction, so it must hand the work off. */
    public interface Listener {
        void faultLasts(Instant since, String reason);

        void faultCleared(Instant since, Instant until);
    }

    private final Clock clock;
    private final Duration lasting;
    private final Listener listener;
    private Instant failingSince;
    private Instant lastFailure;
    private boolean reported;

    public StorageAlarm(Clock clock, Duration lasting, Listener listener) {
        this.clock = clock;
        this.lasting = lasting;
        this.listener = listener;
    }

    @Override
    public synchronized void failed(StorageException fault) {
        Instant now = clock.instant();
        if (failingSince == null) {
            failingSince = now;
        }
        lastFailure = now;
        if (!reported && !now.isBefore(failingSince.plus(lasting))) {
            reported = true;
            listener.faultLasts(failingSince, reason(fault));
        }
    }

    @Override
    public synchronized void succeeded() {
        if (failingSince == null) {
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(lastFailure.plus(QUIET_TO_CLEAR))) {
            return;
        }
        if (reported) {
            listener.faultCleared(failingSince, lastFailure);
        }
        failingSince = null;
        lastFailure = null;
        reported = false;
    }

    /** The driver's own words about the innermost failure, without the statement around it. */
    static String reason(Throwable fault) {
        Throwable innermost = fault;
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                innermost = t;
            }
        }
        String message = innermost.getMessage() == null ? innermost.getClass().getSimpleName() : innermost.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
