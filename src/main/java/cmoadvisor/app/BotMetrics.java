package cmoadvisor.app;

import cmoadvisor.storage.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;

/**
 * What an operator watches, in Prometheus' format on /metrics: updates in, questions answered and
 * declined, leads, the outbox's waiting entries and the age of the oldest (a stuck outbox shows there
 * before a prospect notices), and the sender's outcomes (sent, refused, retried, rate-limited).
 * Figures kept in the database are read at each scrape, so every instance reports the same totals.
 */
final class BotMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter updatesReceived;

    BotMetrics(Database database, Clock clock) {
        updatesReceived = Counter.builder("cmo_updates_received").description("updates stored from Telegram").register(registry);
        // Reminders waiting for their time are not late; an entry being retried is.
        String waiting = "sent_at IS NULL AND failed_at IS NULL AND (attempts > 0 OR next_attempt_at <= ?)";
        Gauge.builder("cmo_outbox_waiting", () -> number(database, "SELECT COUNT(*) FROM outbox WHERE " + waiting, clock.millis()))
                .description("outbox entries due or being retried").register(registry);
        Gauge.builder("cmo_outbox_oldest_waiting_seconds", () -> {
            long now = clock.millis();
            long oldest = number(database, "SELECT COALESCE(MIN(created_at), 0) FROM outbox WHERE " + waiting, now);
            return oldest == 0 ? 0 : (now - oldest) / 1000.0;
        }).description("age of the oldest outbox entry due or being retried").register(registry);
        FunctionCounter.builder("cmo_questions_answered", database, db -> number(db, "SELECT COUNT(*) FROM events WHERE kind = 'ANSWERED' AND at <= ?", clock.millis()))
                .register(registry);
        FunctionCounter.builder("cmo_questions_declined", database, db -> number(db, "SELECT COUNT(*) FROM events WHERE kind = 'DECLINED' AND at <= ?", clock.millis()))
                .register(registry);
        FunctionCounter.builder("cmo_leads", database, db -> number(db, "SELECT COUNT(*) FROM leads WHERE created_at <= ?", clock.millis()))
                .register(registry);
    }

    private static long number(Database database, String sql, long now) {
        return database.transaction(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, now);
                try (java.sql.ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    MeterRegistry registry() {
        return registry;
    }

    void updateReceived() {
        updatesReceived.increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
