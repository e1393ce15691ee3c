package cmoadvisor.storage;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class StatementCacheTest {
    private static int select(Connection c, PreparedStatement p, int value) throws Exception {
        p.setInt(1, value);
        try (ResultSet r = p.executeQuery()) {
            r.next();
            return r.getInt(1);
        } finally {
            StatementCache.release(c, p);
        }
    }

    @Test
    void prepare_givesTheDriversOwnStatement_keptForTheNextCall() throws Exception {
        try (Connection c = StatementCache.around(DriverManager.getConnection("jdbc:sqlite::memory:"), false)) {
            PreparedStatement first = StatementCache.prepare(c, "SELECT ? + 1");
            assertThat(select(c, first, 1)).isEqualTo(2);
            PreparedStatement second = StatementCache.prepare(c, "SELECT ? + 1");

            assertThat(second).isSameAs(first);
            assertThat(Proxy.isProxyClass(second.getClass())).isFalse();
            assertThat(select(c, second, 41)).isEqualTo(42);
        }
    }

    @Test
    void prepare_sharesTheKeptStatement_withPrepareStatementsProxy() throws Exception {
        try (Connection c = StatementCache.around(DriverManager.getConnection("jdbc:sqlite::memory:"), false)) {
            PreparedStatement raw = StatementCache.prepare(c, "SELECT ?");
            StatementCache.release(c, raw);
            try (PreparedStatement handedOut = c.prepareStatement("SELECT ?")) {
                assertThat(handedOut.unwrap(PreparedStatement.class)).isSameAs(raw);
            }
            // Closing the proxy only cleared it: the driver's statement is still kept.
            assertThat(raw.isClosed()).isFalse();
        }
    }

    @Test
    void release_closesTheStatement_ofAConnectionWithoutACache() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PreparedStatement p = StatementCache.prepare(c, "SELECT ?");
            assertThat(select(c, p, 3)).isEqualTo(3);
            assertThat(p.isClosed()).isTrue();
        }
    }

    @Test
    void close_closesTheKeptStatements() throws Exception {
        Connection c = StatementCache.around(DriverManager.getConnection("jdbc:sqlite::memory:"), false);
        PreparedStatement p = StatementCache.prepare(c, "SELECT ?");
        StatementCache.release(c, p);
        c.close();
        assertThat(p.isClosed()).isTrue();
    }
}
