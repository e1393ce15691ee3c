package cmoadvisor.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bot's database: embedded SQLite by default, PostgreSQL when DATABASE_URL says so. One connection,
 * one transaction at a time (the works that wait meanwhile commit together, see {@link #transaction}): the
 * bot writes a few rows per message, and a single writer keeps SQLite free of "database is locked" and both
 * databases free of lost updates. On PostgreSQL the durable transactions, which only store updates, and the
 * sender's records of what it sent have connections of their own (see {@code Lane}). A broken connection is
 * reopened.
 */
public final class Database implements AutoCloseable {
    public enum Dialect { SQLITE, POSTGRES }

    public static final String DEFAULT_URL = "jdbc:sqlite:data/advisor.db";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Dialect dialect;
    /** Every transaction; on PostgreSQL the durable ones have a connection of their own (see durableTransaction). */
    private final Lane mainLane = new Lane();
    private final Lane durableLane = new Lane();
    private final Lane sideLane = new Lane();
    private FaultWatch faults = FaultWatch.NONE;
    private volatile boolean closed;

    /**
     * Hears how each transaction ended, on the thread that ended it, with the connection still held. For a
     * database with one connection (SQLite), where it means the one open transaction.
     */
    public interface TransactionListener {
        TransactionListener NONE = new TransactionListener() {
            @Override
            public void committed() {
            }

            @Override
            public void rolledBack() {
            }
        };

        void committed();

        void rolledBack();

        /**
         * The connection failed, or a commit failed or was cut short: whether the last transaction committed is
         * not known (a failure reported after the data reached the log is possible).
         */
        default void outcomeUnknown() {
            rolledBack();
        }
    }

    private TransactionListener listener = TransactionListener.NONE;

    /** SQLite only: who hears how each transaction ended (see {@link SessionCache}). */
    public Database withTransactionListener(TransactionListener listener) {
        if (dialect != Dialect.SQLITE) {
            throw new IllegalStateException("a transaction listener needs the one connection of SQLite");
        }
        this.listener = listener;
        return this;
    }

    /** Work done in a transaction; any exception rolls it back. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Database(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.dialect = jdbcUrl.startsWith("jdbc:sqlite:") ? Dialect.SQLITE : Dialect.POSTGRES;
    }

    /**
     * Opens the database a URL names: {@code jdbc:sqlite:…}, {@code jdbc:postgresql://…}, or
     * {@code postgres://user:pass@host:port/db} as hosting platforms set DATABASE_URL.
     */
    public static Database open(String url) {
        String value = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
        if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (java.net.URISyntaxException e) {
                // The exception repeats the URL, password included: say what is wrong without it.
                throw new IllegalArgumentException("DATABASE_URL is not a valid URL ("
                        + cmoadvisor.text.Urls.withoutCredentials(value) + "): " + e.getReason());
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("DATABASE_URL needs a host: postgres://user:pass@host:port/db, not '"
                        + cmoadvisor.text.Urls.withoutCredentials(value) + "'");
            }
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            return new Database("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user, password);
        }
        if (value.startsWith("jdbc:sqlite:") || value.startsWith("jdbc:postgresql:")) {
            return new Database(value, null, null);
        }
        throw new IllegalArgumentException("DATABASE_URL must be jdbc:sqlite:…, jdbc:postgresql://… or postgres://user:pass@host:port/db, not '"
                + cmoadvisor.text.Urls.withoutCredentials(value) + "'");
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The SQLite file, or empty for PostgreSQL or an in-memory SQLite database. */
    public java.util.Optional<java.nio.file.Path> sqliteFile() {
        if (dialect != Dialect.SQLITE) {
            return java.util.Optional.empty();
        }
        String path = jdbcUrl.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "");
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file::memory:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.nio.file.Path.of(path.startsWith("file:") ? path.substring(5) : path).toAbsolutePath());
    }

    /** For tools that open their own connections (Flyway). */
    String jdbcUrl() {
        return jdbcUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    public String describe() {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }

    /**
     * Runs {@code work} in a transaction and commits it. A failure of the database itself (a failed commit,
     * a full disk, a dropped connection) replaces the connection and runs the work once more on the new one:
     * SQLite's connection is unusable after a failed COMMIT ("cannot commit - no transaction is active")
     * until it is reopened, and a PostgreSQL restart leaves a dead socket behind. An exception of the work's
     * own is rolled back and rethrown, the connection kept.
     *
     * <p>Group commit: works that arrive while another thread holds the connection wait, and the next thread
     * to get it runs every waiting work and commits them together. A commit waits for the disk (an fsync, on
     * SQLite and PostgreSQL alike), and that wait, not the work, was most of what a transaction cost: the
     * poller, the processor and the senders now share it. When one work of a group throws, the group is
     * rolled back and each of its works runs again in a transaction of its own, so that what one work throws
     * reaches only its own caller. (A savepoint a work, as before, cost two round trips a work on
     * PostgreSQL and a copy of every page it changed on SQLite, for a failure that hardly ever comes.) A
     * transaction asked for inside a work is part of that work's transaction.
     */
    public <T> T transaction(Work<T> work) {
        return transaction(work, false);
    }

    /**
     * A transaction whose commit must survive a crash of the database server too, not only of the bot:
     * storing an update that Telegram is then told it may forget. On PostgreSQL the other transactions
     * commit without waiting for the disk ({@code synchronous_commit = off}: a crash of the server itself may
     * lose their last fraction of a second, never corrupt anything), and a group with a durable work in it
     * waits for the disk as a whole. SQLite commits every transaction with {@code synchronous=NORMAL} (safe
     * from a crash of the bot; a crash of the machine may lose the last commits), and the caller of a durable
     * one syncs the log file after the commit, outside the connection's turn (see {@link #syncLog}).
     */
    public <T> T durableTransaction(Work<T> work) {
        return transaction(work, true);
    }

    /**
     * A transaction on a connection of its own beside the others where the database takes several writers at
     * once (PostgreSQL; on SQLite it is {@link #transaction}): for the sender's records of what it sent, which
     * share no rows with a turn's work, so that the processor's turns and the senders' marks no longer take
     * turns at one connection, each waiting out the other's round trips.
     */
    public <T> T transactionBeside(Work<T> work) {
        return transaction(work, false, dialect == Dialect.POSTGRES ? sideLane : mainLane);
    }

    private <T> T transaction(Work<T> work, boolean durable) {
        return transaction(work, durable, durable && dialect == Dialect.POSTGRES ? durableLane : mainLane);
    }

    private <T> T transaction(Work<T> work, boolean durable, Lane lane) {
        Connection enclosing = insideWork.get();
        if (enclosing != null) {
            try {
                return work.run(enclosing);
            } catch (SQLException e) {
                throw new StorageException("database error: " + e.getMessage(), e);
            }
        }
        Pending<T> mine = new Pending<>(work, durable);
        lane.runInTurn(mine);
        T result = mine.outcome();
        if (durable && dialect == Dialect.SQLITE) {
            syncLog();
        }
        return result;
    }

    /**
     * PostgreSQL: opens the connections of the lanes beside the main one now, on a thread of their own,
     * instead of in their first transaction. The first reply after a start waited for two connections to
     * open (each several round trips and the driver's set-up): the one that stores its update and the one
     * that records it sent. Nothing waits for this; a lane whose connection fails to open here tries again
     * in its first transaction. SQLite has one lane, opened by the migrations.
     */
    public void openLanesAhead() {
        if (dialect != Dialect.POSTGRES) {
            return;
        }
        Thread opening = new Thread(() -> {
            durableLane.openAhead();
            sideLane.openAhead();
        }, "open-connections");
        opening.setDaemon(true);
        opening.start();
    }

    /** How the SQLite log file reaches the disk (replaced in tests to watch it). */
    interface LogSync {
        void sync(Path log) throws java.io.IOException;
    }

    private LogSync logSync = log -> {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.READ)) {
            channel.force(false);
        }
    };

    Database withLogSync(LogSync sync) {
        this.logSync = sync;
        return this;
    }

    /**
     * SQLite's durable commit: the log file synced by the caller once its group committed, outside the
     * connection's turn. A commit in WAL mode with {@code synchronous=NORMAL} has written its pages into
     * the log file, only not waited for the disk; {@code fsync} of that file from any descriptor makes
     * them durable, and pages moved on into the database file by a checkpoint were synced by it. Before,
     * the group's commit itself waited ({@code synchronous=FULL}), holding the connection for the fsync
     * while every other thread waited for it.
     */
    private void syncLog() {
        java.util.Optional<Path> file = sqliteFile();
        if (file.isEmpty()) {
            return;
        }
        Path log = file.get().resolveSibling(file.get().getFileName() + "-wal");
        try {
            logSync.sync(log);
        } catch (java.nio.file.NoSuchFileException e) {
            // No log: SQLite moved everything into the database file and removed it (its last connection closed).
        } catch (java.io.IOException e) {
            throw new StorageException("the database's log could not be written to the disk: " + e.getMessage(), e);
        }
    }

    /** A work waiting for its transaction, and, once done, what came of it. */
    private static final class Pending<T> {
        final Work<T> work;
        final boolean durable;
        T result;
        RuntimeException failure;
        /** Set by the thread that ran it, before it lets the connection go; read by the thread that waits for it. */
        volatile boolean done;

        Pending(Work<T> work, boolean durable) {
            this.work = work;
            this.durable = durable;
        }

        void run(Connection c) throws SQLException {
            // Run again after its group failed: only this run's outcome counts.
            failure = null;
            result = work.run(c);
            // Its writes still waiting to go with a next statement are written now: a failure is its own.
            Sql.flush(c);
        }

        T outcome() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }

        void fail(RuntimeException e) {
            result = null;
            failure = e;
            done = true;
        }
    }

    /** The connection of the transaction whose work this thread runs, if any. */
    private final ThreadLocal<Connection> insideWork = new ThreadLocal<>();

    /** The database worked, unless every work failed by its own exception (which says nothing of the database). */
    private List<Pending<?>> succeeded(List<Pending<?>> group, List<Pending<?>> faulted) {
        if (group.stream().anyMatch(p -> p.done && p.failure == null)) {
            faults.succeeded();
        }
        return faulted;
    }

    /** A failure of the database rather than of the work: worth a new connection and one more try. */
    private static final class DatabaseFault extends Exception {
        DatabaseFault(StorageException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        StorageException cause() {
            return (StorageException) getCause();
        }
    }

    private void runAlone(Connection c, Pending<?> p) throws DatabaseFault {
        try {
            p.run(c);
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw new DatabaseFault(new StorageException("database error: " + e.getMessage(), e));
        } catch (StorageException e) {
            rollbackQuietly(c, e);
            throw new DatabaseFault(e);
        } catch (RuntimeException e) {
            rollbackQuietly(c, e);
            p.failure = e;
        }
    }

    /** Whoever wants to know that the database keeps failing, and when it works again. */
    public Database withFaultWatch(FaultWatch watch) {
        this.faults = watch;
        return this;
    }

    private void createParentFolder() throws SQLException {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the folder " + parent + " for the database", e);
        }
    }

    private void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        } finally {
            listener.rolledBack();
        }
    }



    /**
     * A connection and the works waiting for it, committed together (see {@link #transaction}). On PostgreSQL
     * the durable works (the updates stored before Telegram is told it may forget them) have a lane of their
     * own: their commit waits for the server's disk, and on the one connection every other work waited behind
     * it, and the poller behind every other work. SQLite has one writer at a time whatever the connections,
     * and one lane.
     */
    private final class Lane {
        private final ReentrantLock lock = new ReentrantLock();
        private final java.util.Queue<Pending<?>> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private Connection connection;

        private final Object turns = new Object();
        /** Whether a thread is running a group now. Guarded by {@link #turns}. */
        private boolean leading;

        /**
         * Returns once the work is done: run by this thread with every work waiting then, when no other thread
         * is running a group, or by the group of the thread that is. A thread whose work another group ran
         * goes on as soon as that group ends. (Waiting for the connection's lock instead, it queued behind the
         * threads before it, and one of those could start a new group first: a wall-clock profile showed the
         * processor waiting out other groups, and each waiting thread taking the lock only to find its work done.)
         */
        void runInTurn(Pending<?> mine) {
            boolean interrupted = false;
            synchronized (turns) {
                waiting.add(mine);
                while (!mine.done && leading) {
                    try {
                        turns.wait();
                    } catch (InterruptedException e) {
                        // The work is queued and some group will run it: wait for that all the same.
                        interrupted = true;
                    }
                }
                if (mine.done) {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                leading = true;
            }
            try {
                lock.lock();
                try {
                    commitWaiting();
                } finally {
                    lock.unlock();
                }
            } finally {
                synchronized (turns) {
                    leading = false;
                    turns.notifyAll();
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** With the lock held: runs every waiting work, committed together, and marks each done. */
        private void commitWaiting() {
            List<Pending<?>> group = new ArrayList<>();
            for (Pending<?> p = waiting.poll(); p != null; p = waiting.poll()) {
                group.add(p);
            }
            try {
                if (closed) {
                    // A thread still finishing at shutdown must not open the database again (and recreate its files).
                    StorageException refused = new StorageException("the database is closed", null);
                    group.forEach(p -> p.fail(refused));
                    return;
                }
                List<Pending<?>> faulted = runWithOneRetry(group);
                // The works of a group one of whose works failed get a transaction, and a retry, of their own.
                for (Pending<?> p : faulted) {
                    runWithOneRetry(List.of(p));
                }
            } finally {
                for (Pending<?> p : group) {
                    if (!p.done) {
                        p.fail(new StorageException("the transaction was abandoned", null));
                    }
                }
            }
        }

        /** Runs the group, and once more on a new connection when the database fails; returns the works to run alone. */
        private List<Pending<?>> runWithOneRetry(List<Pending<?>> group) {
            try {
                return succeeded(group, runTogether(group));
            } catch (DatabaseFault first) {
                discardConnection();
                try {
                    return succeeded(group, runTogether(group));
                } catch (DatabaseFault second) {
                    discardConnection();
                    second.cause().addSuppressed(first.cause());
                    faults.failed(second.cause());
                    group.forEach(p -> p.fail(second.cause()));
                    return List.of();
                }
            }
        }

        /**
         * One transaction for the group. Returns the works to run again in a transaction of their own: none, or
         * every work of a larger group one of whose works failed (by its own exception or the database's).
         */
        private List<Pending<?>> runTogether(List<Pending<?>> group) throws DatabaseFault {
            Connection c;
            try {
                c = connection();
            } catch (SQLException e) {
                throw new DatabaseFault(new StorageException("cannot open " + describe() + ": " + e.getMessage(), e));
            }
            List<Pending<?>> settled = new ArrayList<>();
            insideWork.set(c);
            try {
                if (dialect == Dialect.POSTGRES && group.stream().anyMatch(p -> p.durable)) {
                    // Sent with the transaction's first statement, not a round trip of its own. (SQLite: see syncLog.)
                    Sql.later(c, "SET LOCAL synchronous_commit TO on", p -> { });
                }
                if (group.size() == 1) {
                    runAlone(c, group.get(0));
                    settled.add(group.get(0));
                } else {
                    for (Pending<?> p : group) {
                        try {
                            p.run(c);
                        } catch (SQLException | RuntimeException e) {
                            rollbackQuietly(c, e);
                            return new ArrayList<>(group);
                        }
                        settled.add(p);
                    }
                }
                c.commit();
                listener.committed();
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw new DatabaseFault(new StorageException("database error: " + e.getMessage(), e));
            } catch (Error e) {
                // Nothing half-done may be committed by the next transaction on this connection.
                rollbackQuietly(c, e);
                // The error may have come from the commit itself.
                listener.outcomeUnknown();
                throw e;
            } finally {
                insideWork.remove();
            }
            settled.forEach(p -> p.done = true);
            return List.of();
        }

        private Connection connection() throws SQLException {
            // No isValid() first: on PostgreSQL that is a round trip per transaction. A dead connection fails
            // the transaction, which then runs again on a new one (see transaction).
            if (connection != null) {
                return connection;
            }
            if (dialect == Dialect.SQLITE) {
                createParentFolder();
            }
            connection = user == null ? DriverManager.getConnection(jdbcUrl) : DriverManager.getConnection(jdbcUrl, user, password);
            if (dialect == Dialect.SQLITE) {
                try (Statement s = connection.createStatement()) {
                    // WAL keeps readers and the writer apart and survives a crash mid-write; it can only be
                    // switched on outside a transaction.
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA busy_timeout=5000");
                    // See durableTransaction: only what must survive the machine's crash waits for its disk.
                    s.execute("PRAGMA synchronous=NORMAL");
                    // SQLite's temporary files (a statement's journal, a sort, a savepoint's copy of the pages it
                    // changes) in memory: past 64 KiB they spilled to a new file in /var/tmp, about 11 writes an
                    // update when work committed together ran each in a savepoint. What they hold here is small.
                    s.execute("PRAGMA temp_store=MEMORY");
                }
            }
            if (dialect == Dialect.POSTGRES) {
                try (Statement s = connection.createStatement()) {
                    // See durableTransaction: only what must survive the server's crash waits for its disk.
                    s.execute("SET synchronous_commit TO off");
                }
            }
            connection.setAutoCommit(false);
            connection = StatementCache.around(connection, dialect == Dialect.POSTGRES);
            return connection;
        }

        private void discardConnection() {
            // Every database fault ends here before its retry, a failed commit among them.
            listener.outcomeUnknown();
            if (connection != null) {
                closeQuietly();
            }
        }

        private void closeQuietly() {
            try {
                connection.close();
            } catch (SQLException e) {
                org.slf4j.LoggerFactory.getLogger(Database.class).debug("closing a broken connection failed", e);
            }
            connection = null;
        }

        /** Opens the connection unless it is open (see openLanesAhead). */
        void openAhead() {
            lock.lock();
            try {
                if (!closed) {
                    connection();
                }
            } catch (SQLException e) {
                org.slf4j.LoggerFactory.getLogger(Database.class).debug("a connection opened ahead failed; its first transaction opens it", e);
            } finally {
                lock.unlock();
            }
        }

        void close() {
            lock.lock();
            try {
                if (connection != null) {
                    closeQuietly();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        mainLane.close();
        durableLane.close();
        sideLane.close();
    }
}
