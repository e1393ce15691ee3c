package cmoadvisor.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A background thread that does a step of work, then sleeps until the time the step names or until it is
 * woken (new work arrived). A failed step is logged and tried again after a pause: the work it had not
 * finished is still in the database.
 */
final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(5);
    private static final Duration LOOK_AT_THE_CLOCK = Duration.ofSeconds(1);

    private final String name;
    private final LongSupplier step;
    private final Clock clock;
    private final Object signal = new Object();
    private volatile boolean running;
    private boolean wakeRequested;
    private Thread thread;

    /** @param step does the work and returns when to run again, in epoch milliseconds */
    Worker(String name, LongSupplier step, Clock clock) {
        this.name = name;
        this.step = step;
        this.clock = clock;
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            long wakeAt;
            try {
                wakeAt = step.getAsLong();
            } catch (RuntimeException e) {
                log.error("{} failed; trying again in {} s", name, PAUSE_AFTER_FAILURE.toSeconds(), e);
                wakeAt = clock.millis() + PAUSE_AFTER_FAILURE.toMillis();
            }
            sleepUntil(wakeAt);
        }
    }

    private void sleepUntil(long wakeAt) {
        synchronized (signal) {
            long wait = wakeAt - clock.millis();
            while (running && !wakeRequested && wait > 0) {
                try {
                    // Looks at the clock at least once a second, so that an injected clock that jumps (a
                    // test's) is followed as closely as the real one.
                    signal.wait(Math.min(wait, LOOK_AT_THE_CLOCK.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                    return;
                }
                wait = wakeAt - clock.millis();
            }
            wakeRequested = false;
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
