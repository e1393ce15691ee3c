package cmoadvisor.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * Telegram's sending limits as token buckets, so that 429s rarely happen at all: about 30 messages a
 * second overall, about one a second to a private chat and 20 a minute to a group, each with a small burst
 * (an answer and its follow-up go out together). Key 0 (calls to other systems) is not paced.
 */
final class Pacer {
    private static final Bucket.Rate OVERALL = new Bucket.Rate(30, 30, 1_000);
    private static final Bucket.Rate PRIVATE_CHAT = new Bucket.Rate(3, 1, 1_000);
    private static final Bucket.Rate GROUP = new Bucket.Rate(3, 20, 60_000);

    private final java.util.function.LongSupplier nanoTicker;
    private final Bucket overall;
    private final Map<Long, Bucket> chats = new HashMap<>();

    /** @param nanoTicker elapsed time in nanoseconds (System::nanoTime; a test's own ticker) */
    Pacer(java.util.function.LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
        this.overall = new Bucket(OVERALL, millis());
    }

    private long millis() {
        return nanoTicker.getAsLong() / 1_000_000;
    }

    /**
     * Takes a slot to send to the chat now and returns 0, or, when there is none, takes nothing and returns
     * the milliseconds until the next slot opens.
     */
    synchronized long reserve(long chat) {
        if (chat == 0) {
            return 0;
        }
        long now = millis();
        Bucket bucket = chats.computeIfAbsent(chat, c -> new Bucket(c < 0 ? GROUP : PRIVATE_CHAT, now));
        long at = Math.max(bucket.availableAt(now), overall.availableAt(now));
        if (at > now) {
            return at - now;
        }
        bucket.take(now);
        overall.take(now);
        if (chats.size() > 10_000) {
            // Buckets that are full again say nothing: forget them.
            chats.values().removeIf(b -> b.isFull(now));
        }
        return 0;
    }

    /** Tokens refilled evenly over time, up to a burst. */
    private static final class Bucket {
        record Rate(int burst, int perPeriod, long periodMillis) {
            double perMilli() {
                return (double) perPeriod / periodMillis;
            }
        }

        private final Rate rate;
        private double tokens;
        private long at;

        Bucket(Rate rate, long now) {
            this.rate = rate;
            this.tokens = rate.burst();
            this.at = now;
        }

        private void refill(long now) {
            if (now > at) {
                tokens = Math.min(rate.burst(), tokens + (now - at) * rate.perMilli());
                at = now;
            }
        }

        long availableAt(long now) {
            refill(now);
            return tokens >= 1 ? now : now + (long) Math.ceil((1 - tokens) / rate.perMilli());
        }

        void take(long now) {
            refill(now);
            tokens -= 1;
        }

        boolean isFull(long now) {
            refill(now);
            return tokens >= rate.burst();
        }
    }
}
