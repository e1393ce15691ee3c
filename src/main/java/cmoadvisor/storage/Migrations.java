package cmoadvisor.storage;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.util.Map;
import java.util.Optional;

/**
 * The schema, migrated by Flyway from {@code db/migration/V<n>__<name>.sql}: every file there is applied in
 * order and checksummed (a changed script is refused, not run again), and on PostgreSQL a lock makes two
 * instances started at the same moment take turns. One SQL text serves SQLite and PostgreSQL;
 * {@code ${id}} becomes the dialect's auto-increment key.
 *
 * A database made before Flyway has the versions it applied in {@code schema_version}: Flyway starts from
 * the last of them (a baseline) and applies only what came after.
 */
public final class Migrations {
    static final String HISTORY_TABLE = "flyway_schema_history";

    private Migrations() {
    }

    /** Migrates the database to the newest version; returns how many scripts were applied. */
    public static int migrate(Database database) {
        // Opens the database once through its own connection: a SQLite file and its folder are made there.
        Optional<Integer> legacy = database.transaction(Migrations::legacyVersion);
        FluentConfiguration flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration")
                .table(HISTORY_TABLE)
                .placeholders(Map.of("id", database.dialect() == Database.Dialect.SQLITE
                        ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"))
                .validateMigrationNaming(true)
                // Both databases change their schema in transactions: the pending scripts are applied in one,
                // all or none, and a fresh database waits for its disk once instead of once a script.
                .group(true)
                .failOnMissingLocations(true);
        legacy.ifPresent(version -> flyway.baselineOnMigrate(true).baselineVersion(String.valueOf(version))
                .baselineDescription("applied before Flyway (schema_version)"));
        return flyway.load().migrate().migrationsExecuted;
    }

    /** The last version the hand-written migrations applied, when this database is older than Flyway here. */
    private static Optional<Integer> legacyVersion(java.sql.Connection c) throws java.sql.SQLException {
        java.sql.DatabaseMetaData meta = c.getMetaData();
        if (hasTable(meta, HISTORY_TABLE) || !hasTable(meta, "schema_version")) {
            return Optional.empty();
        }
        try (java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return r.next() && r.getObject(1) != null ? Optional.of(r.getInt(1)) : Optional.empty();
        }
    }

    private static boolean hasTable(java.sql.DatabaseMetaData meta, String name) throws java.sql.SQLException {
        try (java.sql.ResultSet tables = meta.getTables(null, null, name, new String[] {"TABLE"})) {
            return tables.next();
        }
    }
}
