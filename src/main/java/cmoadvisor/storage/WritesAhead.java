package cmoadvisor.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of a connection's transaction that wait to go with its next statement ({@link Sql#later}).
 *
 * <p>Why: on PostgreSQL every statement is a round trip, and under load the round trips, not the statements,
 * were what an update cost — about fourteen an update, a write and a read on the socket each on both sides,
 * on a connection the poller, the processor and the senders take turns at. A turn's writes (its session, its
 * funnel event, its replies into the outbox, its transcript, the update marked processed) need no answer
 * before the next statement, so they are sent together with it as one multi-statement query, which the
 * PostgreSQL driver sends as one batch of protocol messages and reads the answers to at once. Order and
 * transaction are unchanged: the writes run before that statement, in the order they were made, and any
 * failure fails that statement inside the same transaction. On SQLite nothing is gained by waiting (a statement
 * is a call into the library), and the writes simply run first, one by one.
 */
final class WritesAhead {
    /** One statement: its SQL, its parameters, and what reads its rows or its count (either may be null). */
    record Statement(String sql, Sql.Binder binder, RowsReader rows, CountReader count) {
    }

    interface RowsReader {
        void read(ResultSet r) throws SQLException;
    }

    interface CountReader {
        void read(int count) throws SQLException;
    }

    private final boolean sendsTogether;
    private final List<Statement> waiting = new ArrayList<>();

    /** @param sendsTogether whether the driver sends several statements in one round trip (PostgreSQL's) */
    WritesAhead(boolean sendsTogether) {
        this.sendsTogether = sendsTogether;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    void add(Statement statement) {
        waiting.add(statement);
    }

    /** The transaction ended without them (a rollback, a closed connection). */
    void clear() {
        waiting.clear();
    }

    String describe() {
        return String.join("; ", waiting.stream().map(Statement::sql).toList());
    }

    /** Writes what waits, now. */
    void flush(Connection c) throws SQLException {
        run(c, take());
    }

    /** Runs {@code last} after what waits: on PostgreSQL in the same round trip. */
    void runWith(Connection c, Statement last) throws SQLException {
        List<Statement> all = take();
        all.add(last);
        run(c, all);
    }

    private void run(Connection c, List<Statement> all) throws SQLException {
        if (sendsTogether && all.size() > 1) {
            runTogether(c, all);
        } else {
            for (Statement statement : all) {
                runAlone(c, statement);
            }
        }
    }

    private List<Statement> take() {
        List<Statement> all = new ArrayList<>(waiting);
        waiting.clear();
        return all;
    }

    static void runAlone(Connection c, Statement statement) throws SQLException {
        PreparedStatement p = StatementCache.prepare(c, statement.sql());
        try {
            statement.binder().bind(new Sql.Parameters(p, 0));
            if (statement.rows() != null) {
                try (ResultSet r = p.executeQuery()) {
                    statement.rows().read(r);
                }
            } else {
                int count = p.executeUpdate();
                if (statement.count() != null) {
                    statement.count().read(count);
                }
            }
        } finally {
            StatementCache.release(c, p);
        }
    }

    /**
     * The statements as one query, their parameters numbered on; the driver keeps such a query like any other
     * (a turn makes the same few combinations again and again), and reads the results in order.
     */
    private static void runTogether(Connection c, List<Statement> all) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (Statement statement : all) {
            if (!sql.isEmpty()) {
                sql.append(";\n");
            }
            sql.append(statement.sql());
        }
        PreparedStatement p = StatementCache.prepare(c, sql.toString());
        try {
            int before = 0;
            for (Statement statement : all) {
                statement.binder().bind(new Sql.Parameters(p, before));
                before += parameters(statement.sql());
            }
            boolean rows;
            try {
                rows = p.execute();
            } catch (SQLException e) {
                throw new SQLException("sent with the writes before it (" + sql + "): " + e.getMessage(), e.getSQLState(), e);
            }
            for (Statement statement : all) {
                if (rows) {
                    try (ResultSet r = p.getResultSet()) {
                        if (statement.rows() != null) {
                            statement.rows().read(r);
                        }
                    }
                } else if (statement.count() != null) {
                    statement.count().read(p.getUpdateCount());
                }
                rows = p.getMoreResults();
            }
        } finally {
            StatementCache.release(c, p);
        }
    }

    /** The {@code ?} of a statement outside its quoted literals, as the driver counts them. */
    static int parameters(String sql) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (ch == '?' && !quoted) {
                count++;
            }
        }
        return count;
    }
}
