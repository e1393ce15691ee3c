package cmoadvisor.bench;

import cmoadvisor.conversation.Outbound;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Migrations;
import cmoadvisor.storage.Outbox;

import java.time.Clock;

/**
 * How long the sender's query for due entries takes with a backlog: {@code sent} delivered rows and
 * {@code unsent} waiting ones over 50 chats. Run: {@code java -cp … cmoadvisor.bench.OutboxQueryBench URL sent unsent}.
 * A measurement, not a test.
 */
public final class OutboxQueryBench {
    public static void main(String[] args) {
        String url = args[0];
        int sent = Integer.parseInt(args[1]);
        int unsent = Integer.parseInt(args[2]);
        try (Database database = Database.open(url)) {
            Migrations.migrate(database);
            Json json = new Json();
            Clock clock = Clock.systemUTC();
            database.transaction(c -> {
                Outbox outbox = new Outbox(c, json, clock);
                for (int i = 0; i < sent + unsent; i++) {
                    outbox.enqueue(new Outbound.Message(1000 + i % 50, "message " + i));
                }
                try (java.sql.Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE outbox SET sent_at = 1, payload = '{}' WHERE id <= " + sent);
                }
                return null;
            });
            // What autovacuum (PostgreSQL) or the planner's own look (SQLite) would know by now.
            database.transaction(c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
                return null;
            });
            long now = clock.millis() + 1000;
            for (int i = 0; i < 50; i++) {
                database.transaction(c -> new Outbox(c, json, clock).due(now, 32));
            }
            int rounds = 200;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                database.transaction(c -> new Outbox(c, json, clock).due(now, 32));
            }
            double ms = (System.nanoTime() - start) / 1e6 / rounds;
            System.out.printf("due() with %d sent and %d unsent rows: %.3f ms%n", sent, unsent, ms);
        }
    }
}
