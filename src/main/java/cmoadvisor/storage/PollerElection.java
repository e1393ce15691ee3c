package cmoadvisor.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Long polling with several instances on one PostgreSQL: Telegram serves one getUpdates at a time (a second
 * gets 409 Conflict), so the instances elect one poller with a session-level advisory lock on a connection
 * of its own. The others wait as hot standbys (processing and sending what is stored all the same) and one
 * of them takes over within {@link #CHECK_EVERY} when the poller stops or dies (its session, and the lock,
 * end with it). A poller whose lock connection breaks stops polling, since another may take over.
 */
public final class PollerElection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PollerElection.class);
    public static final Duration CHECK_EVERY = Duration.ofSeconds(3);
    private static final long LOCK = 0x636d6f5f706f6c6cL;

    /** What the elected instance does, and stops doing. */
    public interface Role {
        void lead();

        void standDown();
    }

    private final Database database;
    private final Role role;
    private volatile boolean running;
    private Thread thread;
    private Connection connection;
    private boolean leading;

    public PollerElection(Database database, Role role) {
        this.database = database;
        this.role = role;
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, "poller-election");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                if (!leading && tryLock()) {
                    leading = true;
                    log.info("this instance polls Telegram; the others stand by");
                    role.lead();
                } else if (leading && !stillHeld()) {
                    leading = false;
                    log.error("the connection that holds the poller's lock broke: polling stops here, another instance may take over");
                    role.standDown();
                    closeConnection();
                }
            } catch (RuntimeException e) {
                log.warn("poller election: {}", e.toString());
            }
            try {
                Thread.sleep(CHECK_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean tryLock() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                connection.setAutoCommit(true);
            }
            try (PreparedStatement p = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                p.setLong(1, LOCK);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() && r.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            closeConnection();
            throw new StorageException("cannot ask for the poller's lock: " + e.getMessage(), e);
        }
    }

    private boolean stillHeld() {
        try {
            return connection != null && connection.isValid((int) CHECK_EVERY.toSeconds());
        } catch (SQLException e) {
            return false;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the election connection: {}", e.toString());
            }
            connection = null;
        }
    }

    public boolean leading() {
        return leading;
    }

    /** Stops; the lock ends with its connection, and a standby takes over. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(CHECK_EVERY.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (leading) {
            role.standDown();
            leading = false;
        }
        closeConnection();
    }
}
