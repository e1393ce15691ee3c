package cmoadvisor.storage;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Flyway's migrations: a fresh database, one made before Flyway, two instances starting at once. */
class MigrationsTest {
    private static final String USER = System.getProperty("user.name");
    private static final String POSTGRES = System.getenv().getOrDefault("TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=" + USER + "&password=" + USER);

    @TempDir
    Path dir;

    /** The scripts there are: a new file is applied without being listed anywhere. */
    private static int scripts() throws Exception {
        return Path.of(Migrations.class.getResource("/db/migration/").toURI()).toFile().list((d, n) -> n.matches("V\\d+__.+\\.sql")).length;
    }

    @Test
    void migrate_freshSqlite_appliesEveryScriptOnce_andNothingTheSecondTime() throws Exception {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("sub/bot.db"))) {
            assertThat(Migrations.migrate(database)).isEqualTo(scripts());
            assertThat(Migrations.migrate(database)).isZero();
        }
    }

    @Test
    void migrate_aDatabaseMadeBeforeFlyway_startsAfterItsLastVersion() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // What the hand-written migrations left: V1–V3 applied and listed in schema_version.
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            for (int v = 1; v <= 3; v++) {
                for (String statement : scriptStatements(v)) {
                    s.execute(statement);
                }
                s.execute("INSERT INTO schema_version VALUES (" + v + ", 'V" + v + "', 0)");
            }
            s.execute("INSERT INTO leads (chat_id, user_id, lang, status, created_at, updated_at) VALUES (1, 1, 'ru', 'OPEN', 0, 0)");
        }
        try (Database database = Database.open(url)) {
            assertThat(Migrations.migrate(database)).as("V4 onwards").isEqualTo(scripts() - 3);
            int leads = database.transaction(c -> count(c, "SELECT COUNT(*) FROM leads"));
            int reminders = database.transaction(c -> count(c, "SELECT COUNT(*) FROM reminders"));
            assertThat(leads).as("the data kept").isEqualTo(1);
            assertThat(reminders).as("V4's table made").isZero();
        }
    }

    @Test
    void migrate_twoInstancesAtTheSameMoment_onAFreshPostgres_bothStart_andEachScriptRunsOnce() throws Exception {
        String schema = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
                Assumptions.abort("PostgreSQL is not reachable: " + e.getMessage());
            }
            throw e;
        }
        ExecutorService two = Executors.newFixedThreadPool(2);
        CyclicBarrier together = new CyclicBarrier(2);
        try {
            List<Future<Integer>> applied = two.invokeAll(List.of(() -> migrateAt(schema, together), () -> migrateAt(schema, together)));
            assertThat(applied.get(0).get() + applied.get(1).get()).isEqualTo(scripts());
        } finally {
            two.shutdownNow();
            try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static int migrateAt(String schema, CyclicBarrier together) throws Exception {
        try (Database database = Database.open(POSTGRES + "&currentSchema=" + schema)) {
            together.await();
            return Migrations.migrate(database);
        }
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }

    private static List<String> scriptStatements(int version) throws Exception {
        Path folder = Path.of(Migrations.class.getResource("/db/migration/").toURI());
        String[] names = folder.toFile().list((d, n) -> n.startsWith("V" + version + "__"));
        String sql = java.nio.file.Files.readString(folder.resolve(names[0]), StandardCharsets.UTF_8)
                .replace("${id}", "INTEGER PRIMARY KEY AUTOINCREMENT");
        return java.util.Arrays.stream(sql.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*\\n"))
                .map(String::strip).filter(st -> !st.isEmpty()).map(st -> st.endsWith(";") ? st.substring(0, st.length() - 1) : st).toList();
    }
}
