package cmoadvisor.storage;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract on a real PostgreSQL: TEST_POSTGRES_URL, or 127.0.0.1:5432/test as the user running
 * the tests (what .ci/run sets up). Each run gets its own schema, dropped afterwards. Without a server the
 * tests are skipped on a developer's machine, but fail under CI, where .ci/run must have started one.
 */
class PostgresStoreTest extends StoreContractTest {
    private static final String USER = System.getProperty("user.name");
    private static final String BASE_URL = System.getenv().getOrDefault("TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=" + USER + "&password=" + USER);

    private String schema;

    @Override
    protected Database open() {
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(BASE_URL); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            if (ci) {
                throw new IllegalStateException("PostgreSQL is not reachable at " + BASE_URL + " under CI: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL is not reachable at " + BASE_URL + ": " + e.getMessage());
        }
        return Database.open(BASE_URL + "&currentSchema=" + schema + "&ApplicationName=cmo-advisor-test-" + schema);
    }

    @Override
    protected void cleanUp() {
        try (Connection c = DriverManager.getConnection(BASE_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test schema " + schema, e);
        }
    }

    /** What a PostgreSQL restart does to the bot's connection: the server ends the session under it. */
    @Override
    protected void breakTheConnection() {
        try (Connection c = DriverManager.getConnection(BASE_URL); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'cmo-advisor-test-" + schema + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not end the bot's session", e);
        }
    }

    @Override
    protected Database openAgain() {
        return Database.open(BASE_URL + "&currentSchema=" + schema);
    }

    /** Whether a commit on this connection now would wait for the database's disk. */
    protected boolean commitWaitsForTheDisk(Connection c) throws SQLException {
        return Sql.one(c, "SHOW synchronous_commit", p -> { }, r -> r.getString(1)).orElseThrow().equals("on");
    }

    @org.junit.jupiter.api.Test
    void durableTransaction_waitsForTheDisk_onAConnectionOfItsOwn_andOthersDoNot() throws Exception {
        assertThat(database.transaction(this::commitWaitsForTheDisk)).isFalse();
        assertThat(database.durableTransaction(this::commitWaitsForTheDisk)).isTrue();
        assertThat(database.transaction(this::commitWaitsForTheDisk)).as("set back after the durable one").isFalse();
        // A plain work holding its connection does not hold up a durable one, nor the other way round.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = holdTheConnection(release);
        try {
            boolean durableBeside = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    database.durableTransaction(this::commitWaitsForTheDisk)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(durableBeside).isTrue();
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(database.transaction(this::commitWaitsForTheDisk)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void openLanesAhead_opensTheDurableAndTheSideConnections_beforeAnyTransactionNeedsThem() throws Exception {
        database.transaction(c -> null);
        assertThat(sessionsOfThisTest()).isEqualTo(1);

        database.openLanesAhead();

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (sessionsOfThisTest() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sessionsOfThisTest()).isEqualTo(3);
        // The connections opened ahead are the ones the lanes use: no more are opened.
        database.durableTransaction(c -> null);
        database.transactionBeside(c -> null);
        assertThat(sessionsOfThisTest()).isEqualTo(3);
    }

    private int sessionsOfThisTest() throws SQLException {
        try (Connection c = DriverManager.getConnection(BASE_URL); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE application_name = 'cmo-advisor-test-" + schema + "'")) {
            r.next();
            return r.getInt(1);
        }
    }
}
