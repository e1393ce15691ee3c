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

    @org.junit.jupiter.api.Test
    void connection_keepsSavepointCopiesInMemory() {
        // 2 = MEMORY: otherwise a group commit's savepoints spill their page copies into new files in /var/tmp.
        int tempStore = database.transaction(c -> Sql.one(c, "PRAGMA temp_store", p -> { }, r -> r.getInt(1)).orElseThrow());
        org.assertj.core.api.Assertions.assertThat(tempStore).isEqualTo(2);
    }

    @org.junit.jupiter.api.Test
    void dueEntries_areFoundOverTheUnsentRowsOnly_inIdOrder_withoutASort() {
        java.util.List<String> plan = database.transaction(c -> Sql.list(c, "EXPLAIN QUERY PLAN " + Outbox.DUE, p -> {
            p.setLong(1, 0);
            p.setInt(2, 50);
        }, r -> r.getString(4)));
        org.assertj.core.api.Assertions.assertThat(plan).anyMatch(step -> step.contains("USING INDEX outbox_unsent"))
                .noneMatch(step -> step.contains("TEMP B-TREE") || step.contains("outbox_pending"));
    }
}
