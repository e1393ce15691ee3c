package cmoadvisor.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prepared statements without the boilerplate; every failure names the statement.
 *
 * <p>A write whose outcome nobody waits for ({@link #later}) may go with the connection's next statement: on
 * PostgreSQL the writes waiting and that statement are sent together and answered in one round trip (see
 * {@link WritesAhead}); on SQLite, where a statement is a call into the library, they simply run first.
 */
final class Sql {
    private Sql() {
    }

    interface Binder {
        void bind(Parameters p) throws SQLException;
    }

    interface RowReader<T> {
        T read(ResultSet r) throws SQLException;
    }

    /**
     * A statement's parameters, numbered from 1 as JDBC numbers them, wherever the statement sits among the
     * statements sent together.
     */
    static final class Parameters {
        private final PreparedStatement statement;
        private final int before;

        Parameters(PreparedStatement statement, int before) {
            this.statement = statement;
            this.before = before;
        }

        void setLong(int index, long value) throws SQLException {
            statement.setLong(before + index, value);
        }

        void setInt(int index, int value) throws SQLException {
            statement.setInt(before + index, value);
        }

        void setString(int index, String value) throws SQLException {
            statement.setString(before + index, value);
        }

        void setNull(int index, int sqlType) throws SQLException {
            statement.setNull(before + index, sqlType);
        }
    }

    static <T> Optional<T> one(Connection c, String sql, Binder binder, RowReader<T> reader) {
        List<T> rows = list(c, sql, binder, reader);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static <T> List<T> list(Connection c, String sql, Binder binder, RowReader<T> reader) {
        List<T> rows = new ArrayList<>();
        run(c, new WritesAhead.Statement(sql, binder, r -> {
            while (r.next()) {
                rows.add(reader.read(r));
            }
        }, null), "query");
        return rows;
    }

    static int update(Connection c, String sql, Binder binder) {
        int[] count = {0};
        run(c, new WritesAhead.Statement(sql, binder, null, n -> count[0] = n), "update");
        return count[0];
    }

    /**
     * A write whose outcome is not needed now: it goes with the connection's next statement, or is written
     * before the transaction commits; a failure fails that statement, within the same transaction.
     */
    static void later(Connection c, String sql, Binder binder) {
        later(c, new WritesAhead.Statement(sql, binder, null, null));
    }

    /** {@link #later}, for an insert that returns what it made ({@code RETURNING}): {@code reader} gets it then. */
    static void later(Connection c, String sql, Binder binder, RowReader<Void> reader) {
        later(c, new WritesAhead.Statement(sql, binder, r -> {
            if (!r.next()) {
                throw new SQLException("the statement returned no row: " + sql);
            }
            reader.read(r);
        }, null));
    }

    /** Writes now whatever waits to go with the next statement (see {@link #later}). */
    static void flush(Connection c) {
        WritesAhead ahead = StatementCache.writesAhead(c);
        if (ahead != null && !ahead.isEmpty()) {
            try {
                ahead.flush(c);
            } catch (SQLException e) {
                throw new StorageException("writes failed (" + ahead.describe() + "): " + e.getMessage(), e);
            }
        }
    }

    private static void later(Connection c, WritesAhead.Statement statement) {
        WritesAhead ahead = StatementCache.writesAhead(c);
        if (ahead == null) {
            run(c, statement, "update");
        } else {
            ahead.add(statement);
        }
    }

    private static void run(Connection c, WritesAhead.Statement statement, String what) {
        WritesAhead ahead = StatementCache.writesAhead(c);
        try {
            if (ahead != null && !ahead.isEmpty()) {
                ahead.runWith(c, statement);
            } else {
                WritesAhead.runAlone(c, statement);
            }
        } catch (SQLException e) {
            throw new StorageException(what + " failed (" + statement.sql() + "): " + e.getMessage(), e);
        }
    }
}
