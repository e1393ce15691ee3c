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

    @org.junit.jupiter.api.Test
    void durableTransaction_syncsTheLogAfterItsCommit_andPlainOnesDoNot() {
        java.util.List<Path> synced = new java.util.concurrent.CopyOnWriteArrayList<>();
        database.withLogSync(synced::add);
        database.transaction(c -> Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-61, 'in', 'plain', 0)", p -> { }));
        org.assertj.core.api.Assertions.assertThat(synced).isEmpty();
        database.durableTransaction(c -> Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-62, 'in', 'durable', 0)", p -> { }));
        org.assertj.core.api.Assertions.assertThat(synced).containsExactly(dir.resolve("nested/folder/advisor.db-wal").toAbsolutePath());
        // Every commit, the durable one's too, leaves the disk to checkpoints: only the log file is synced.
        int mode = database.transaction(c -> Sql.one(c, "PRAGMA synchronous", p -> { }, r -> r.getInt(1)).orElseThrow());
        org.assertj.core.api.Assertions.assertThat(mode).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void durableTransaction_whileItsLogIsSynced_leavesTheConnectionToOthers() throws Exception {
        java.util.concurrent.CountDownLatch syncing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        database.withLogSync(log -> {
            syncing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        java.util.concurrent.CompletableFuture<Integer> durable = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                database.durableTransaction(c -> Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-63, 'in', 'durable', 0)", p -> { })));
        syncing.await();
        int plain = database.transaction(c -> Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-64, 'in', 'plain', 0)", p -> { }));
        org.assertj.core.api.Assertions.assertThat(plain).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(durable).isNotDone();
        release.countDown();
        org.assertj.core.api.Assertions.assertThat(durable.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void durableTransaction_whoseLogCannotBeSynced_failsItsCaller() {
        database.withLogSync(log -> {
            throw new java.io.IOException("No space left on device");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> database.durableTransaction(c -> Sql.update(c,
                "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-65, 'in', 'durable', 0)", p -> { })))
                .isInstanceOf(StorageException.class).hasMessageContaining("log could not be written to the disk");
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
