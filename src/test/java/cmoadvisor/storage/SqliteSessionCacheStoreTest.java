package cmoadvisor.storage;

import cmoadvisor.conversation.ChatState;
import cmoadvisor.conversation.Person;
import cmoadvisor.conversation.Session;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store contract on SQLite as the bot runs it alone on its file: the sessions kept in memory (every
 * test of the contract passes through the cache), and what the cache must never hold.
 */
class SqliteSessionCacheStoreTest extends SqliteStoreTest {
    @Override
    protected SessionCache sessionCache(Database database) {
        SessionCache cache = new SessionCache();
        database.withTransactionListener(cache);
        return cache;
    }

    private static Session session(String lastName) {
        return new Session(601, new Person(601, lastName, "Айда", "ky"), null, Lang.KY, null, new ChatState.Idle(), List.of(), null, null);
    }

    /** Saves the chat's session as a committed transaction of its own. */
    private void save(String username) {
        database.transaction(c -> {
            store(c).save(session(username));
            return null;
        });
    }

    private String username() {
        return database.transaction(c -> store(c).session(601).map(s -> s.person().username()).orElse(null));
    }

    @Test
    void session_savedByATransactionThatRolledBack_isTheOneCommittedBefore() {
        save("committed");
        assertThatThrownBy(() -> database.transaction(c -> {
            store(c).save(session("rolled-back"));
            throw new IllegalStateException("the turn failed");
        })).hasMessage("the turn failed");

        assertThat(username()).isEqualTo("committed");
    }

    @Test
    void session_inAGroupThatFailed_isTheOneItsOwnTransactionCommitted() throws Exception {
        // Two works waiting are committed together; one fails, the group rolls back and each runs alone.
        save("before");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = holdTheConnection(release);
        java.util.concurrent.CompletableFuture<Object> saves = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                database.transaction(c -> {
                    store(c).save(session("after"));
                    return null;
                }));
        java.util.concurrent.CompletableFuture<Object> fails = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                database.transaction(c -> {
                    store(c).save(session("never"));
                    throw new IllegalStateException("its own failure");
                }));
        Thread.sleep(50);
        release.countDown();
        holder.join();
        saves.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThatThrownBy(() -> fails.get(10, java.util.concurrent.TimeUnit.SECONDS)).hasRootCauseMessage("its own failure");

        assertThat(username()).isEqualTo("after");
        String stored = database.transaction(c -> Sql.one(c, "SELECT data FROM sessions WHERE chat_id = 601", p -> { },
                r -> r.getString(1)).orElseThrow());
        assertThat(stored).contains("after");
    }

    @Test
    void session_ofAForgottenChat_isGone() {
        save("aida_kg");
        assertThat(username()).isEqualTo("aida_kg");

        database.transaction(c -> store(c).forget(601));

        assertThat(username()).isNull();
    }

    @Test
    void session_onceCommitted_isTakenFromMemory_notReadBack() {
        save("aida_kg");
        // Behind the store's back (nothing in the bot does this): the cache answers, not the table.
        database.transaction(c -> Sql.update(c, "UPDATE sessions SET data = '{}' WHERE chat_id = 601", p -> { }));

        assertThat(username()).isEqualTo("aida_kg");
    }

    @Test
    void session_afterADatabaseFault_isReadAnew() {
        save("committed");
        assertThat(username()).isEqualTo("committed");
        // What the database holds now differs from the cache (as after a commit reported failed that was not).
        database.transaction(c -> Sql.update(c, "UPDATE sessions SET data = replace(data, 'committed', 'newer') WHERE chat_id = 601",
                p -> { }));
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

        database.transaction(c -> {
            if (runs.incrementAndGet() == 1) {
                throw new java.sql.SQLException("[SQLITE_IOERR] disk I/O error");
            }
            return null;
        });

        assertThat(runs).hasValue(2);
        assertThat(username()).isEqualTo("newer");
    }
}
