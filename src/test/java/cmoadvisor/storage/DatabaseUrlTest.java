package cmoadvisor.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void open_defaultsToTheEmbeddedSqliteFile() {
        try (Database db = Database.open(null)) {
            assertThat(db.dialect()).isEqualTo(Database.Dialect.SQLITE);
            assertThat(db.describe()).isEqualTo(Database.DEFAULT_URL);
        }
    }

    @Test
    void open_turnsAHostingPlatformsPostgresUrlIntoJdbc() {
        try (Database db = Database.open("postgres://bot:s3cr%40t@db.internal:6543/advisor?sslmode=require")) {
            assertThat(db.dialect()).isEqualTo(Database.Dialect.POSTGRES);
            assertThat(db.describe()).isEqualTo("jdbc:postgresql://db.internal:6543/advisor?sslmode=require");
        }
    }

    @Test
    void open_rejectsOtherDatabases() {
        assertThatThrownBy(() -> Database.open("mysql://localhost/db")).hasMessageContaining("DATABASE_URL must be");
    }
}
