package cmoadvisor.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prepared statements without the boilerplate; every failure names the statement. */
final class Sql {
    private Sql() {
    }

    interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    interface RowReader<T> {
        T read(ResultSet r) throws SQLException;
    }

    static <T> Optional<T> one(Connection c, String sql, Binder binder, RowReader<T> reader) {
        List<T> rows = list(c, sql, binder, reader);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static <T> List<T> list(Connection c, String sql, Binder binder, RowReader<T> reader) {
        try {
            PreparedStatement p = StatementCache.prepare(c, sql);
            try {
                binder.bind(p);
                try (ResultSet r = p.executeQuery()) {
                    List<T> rows = new ArrayList<>();
                    while (r.next()) {
                        rows.add(reader.read(r));
                    }
                    return rows;
                }
            } finally {
                StatementCache.release(c, p);
            }
        } catch (SQLException e) {
            throw new StorageException("query failed (" + sql + "): " + e.getMessage(), e);
        }
    }

    static int update(Connection c, String sql, Binder binder) {
        try {
            PreparedStatement p = StatementCache.prepare(c, sql);
            try {
                binder.bind(p);
                return p.executeUpdate();
            } finally {
                StatementCache.release(c, p);
            }
        } catch (SQLException e) {
            throw new StorageException("update failed (" + sql + "): " + e.getMessage(), e);
        }
    }
}
