package cmoadvisor.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the connection's prepared statements for reuse: sqlite-jdbc compiles a statement anew on every
 * {@code prepareStatement}, which was about a tenth of the bot's CPU under load (each message runs about
 * twenty statements, all from a few dozen constant SQL strings). The caller still closes its statement, as
 * JDBC code does; closing a kept one only clears its parameters. PostgreSQL's driver keeps its own server-side
 * cache, which this leaves alone. Written here because neither driver offers one and a pool (HikariCP) would
 * bring connections the bot does not use; only {@code prepareStatement(String)} is kept, everything else is
 * the connection's own.
 */
final class StatementCache implements InvocationHandler {
    /** More distinct statements than the bot has; the least recently used is closed beyond it. */
    private static final int CAPACITY = 256;

    private final Connection connection;
    /** A statement kept: the driver's own, and what callers get, whose close only clears it. */
    private record Kept(PreparedStatement statement, PreparedStatement handedOut) {
    }

    private final Map<String, Kept> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            closeQuietly(eldest.getValue().statement());
            return true;
        }
    };

    /** The writes waiting to go with the connection's next statement (see {@link WritesAhead}). */
    private final WritesAhead ahead;

    private StatementCache(Connection connection, boolean sendsTogether) {
        this.connection = connection;
        this.ahead = new WritesAhead(sendsTogether);
    }

    /**
     * The connection, with its statements kept and its writes sent ahead ({@link Sql#later}); closing it
     * closes them.
     *
     * @param sendsTogether whether the driver sends several statements in one round trip (PostgreSQL's)
     */
    static Connection around(Connection connection, boolean sendsTogether) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new StatementCache(connection, sendsTogether));
    }

    /** The writes waiting on a connection of {@link #around}; null for any other connection, which writes at once. */
    static WritesAhead writesAhead(Connection connection) {
        StatementCache cache = of(connection);
        return cache == null ? null : cache.ahead;
    }

    /**
     * The driver's own kept statement for {@code sql} on a connection of {@link #around}, without the proxy a
     * caller of {@code prepareStatement} gets (each of its calls is a reflective call, about 3% of the bot's CPU
     * under load, for {@link Sql} alone); give it back with {@link #release}. Any other connection prepares
     * a statement of its own.
     */
    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        StatementCache cache = of(connection);
        return cache == null ? connection.prepareStatement(sql) : cache.kept(sql).statement();
    }

    /** Takes back what {@link #prepare} gave: a kept statement is only cleared, any other closed. */
    static void release(Connection connection, PreparedStatement statement) throws SQLException {
        if (of(connection) == null) {
            statement.close();
        } else {
            statement.clearParameters();
        }
    }

    private static StatementCache of(Connection connection) {
        return Proxy.isProxyClass(connection.getClass()) && Proxy.getInvocationHandler(connection) instanceof StatementCache cache
                ? cache : null;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (!ahead.isEmpty()) {
            // Whatever else uses the connection (a commit, a statement of its own) comes after the writes
            // made before it; a rollback or a close ends them unwritten.
            if (method.getName().equals("rollback") || method.getName().equals("close")) {
                ahead.clear();
            } else if (!method.getName().startsWith("get") && !method.getName().startsWith("is")) {
                ahead.flush((Connection) proxy);
            }
        }
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            return kept((String) args[0]).handedOut();
        }
        if (method.getName().equals("close") && (args == null || args.length == 0)) {
            kept.values().forEach(k -> closeQuietly(k.statement()));
            kept.clear();
        }
        return call(connection, method, args);
    }

    private Kept kept(String sql) throws SQLException {
        Kept known = kept.get(sql);
        if (known == null || known.statement().isClosed()) {
            PreparedStatement made = connection.prepareStatement(sql);
            PreparedStatement handedOut = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                        if (m.getName().equals("close") && (a == null || a.length == 0)) {
                            made.clearParameters();
                            return null;
                        }
                        return call(made, m, a);
                    });
            known = new Kept(made, handedOut);
            kept.put(sql, known);
        }
        return known;
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // A statement of a broken connection, about to be closed with it, which frees it anyway.
            org.slf4j.LoggerFactory.getLogger(StatementCache.class).debug("closing a kept statement failed", e);
        }
    }
}
