package cmoadvisor.storage;

import cmoadvisor.MutableClock;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StorageAlarmTest {
    private static final Instant T = Instant.parse("2026-12-01T09:00:00Z");
    private final MutableClock clock = new MutableClock(T);
    private final List<String> told = new ArrayList<>();
    private final StorageAlarm alarm = new StorageAlarm(clock, Duration.ofMinutes(1), new StorageAlarm.Listener() {
        @Override
        public void faultLasts(Instant since, String reason) {
            told.add("fault since " + since + ": " + reason);
        }

        @Override
        public void faultCleared(Instant since, Instant until) {
            told.add("cleared after " + Duration.between(since, until).toSeconds() + " s");
        }
    });

    private static StorageException full() {
        return new StorageException("update failed (INSERT INTO outbox …): [SQLITE_FULL] database or disk is full",
                new SQLException("[SQLITE_FULL] database or disk is full"));
    }

    @Test
    void failed_forLongerThanTheThreshold_isToldOnce_andItsEndOnce() {
        alarm.failed(full());
        clock.advance(Duration.ofSeconds(30));
        alarm.failed(full());
        assertThat(told).as("half a minute is not a lasting fault").isEmpty();
        clock.advance(Duration.ofSeconds(31));
        alarm.failed(full());
        clock.advance(Duration.ofSeconds(30));
        alarm.failed(full());
        assertThat(told).containsExactly("fault since 2026-12-01T09:00:00Z: [SQLITE_FULL] database or disk is full");
        clock.advance(Duration.ofSeconds(30));
        alarm.succeeded();
        assertThat(told).as("a read that succeeds between the writes' retries ends nothing").hasSize(1);
        clock.advance(StorageAlarm.QUIET_TO_CLEAR);
        alarm.succeeded();
        alarm.succeeded();
        assertThat(told).hasSize(2).last().isEqualTo("cleared after 91 s");
        alarm.failed(full());
        clock.advance(Duration.ofSeconds(59));
        alarm.succeeded();
        assertThat(told).as("a new fault begins").hasSize(2);
    }

    @Test
    void failed_nowAndThen_saysNothing() {
        for (int i = 0; i < 5; i++) {
            alarm.failed(full());
            clock.advance(Duration.ofSeconds(61));
            alarm.succeeded();
        }
        assertThat(told).isEmpty();
    }

    @Test
    void reason_isTheDriversInnermostMessage_cutShort() {
        StorageException wrapped = new StorageException("outer", new SQLException("x".repeat(500)));
        assertThat(StorageAlarm.reason(wrapped)).hasSize(301).endsWith("…");
    }
}
