package cmoadvisor.storage;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract on the embedded SQLite default. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Database open() {
        return Database.open("jdbc:sqlite:" + dir.resolve("nested/folder/advisor.db"));
    }

    @Override
    protected Database openAgain() {
        return Database.open("jdbc:sqlite:" + dir.resolve("nested/folder/advisor.db"));
    }

    /** FULL (2) waits for the disk at every commit; NORMAL (1) only at checkpoints. */
    @Override
    protected boolean commitWaitsForTheDisk(java.sql.Connection c) throws java.sql.SQLException {
        return Sql.one(c, "PRAGMA synchronous", p -> { }, r -> r.getInt(1)).orElseThrow() == 2;
    }
}
