package cmoadvisor.telegram;

import org.telegram.telegrambots.longpolling.interfaces.BackOff;

import java.time.Duration;

/**
 * The poller's pause after a failed getUpdates: doubling from 1 s, but never longer than 30 s, where the
 * library's own back-off grows to 15 minutes and a bot would stay deaf long after the network is back.
 */
public final class CappedBackOff implements BackOff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofSeconds(30);

    private long next = FIRST.toMillis();

    @Override
    public synchronized void reset() {
        next = FIRST.toMillis();
    }

    @Override
    public synchronized long nextBackOffMillis() {
        long current = next;
        next = Math.min(next * 2, LONGEST.toMillis());
        return current;
    }
}
