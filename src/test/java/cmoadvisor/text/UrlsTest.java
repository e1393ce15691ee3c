package cmoadvisor.text;

import cmoadvisor.storage.Database;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No password of a URL reaches a log or an error message. */
class UrlsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "postgres://bot:s3cret@db.example:5432/app           | postgres://***@db.example:5432/app",
            "jdbc:postgresql://db:5432/app?user=bot&password=s3cret | jdbc:postgresql://db:5432/app?user=bot&password=***",
            "https://crm.example/hook?token=abc&x=1              | https://crm.example/hook?token=***&x=1",
            "jdbc:sqlite:data/advisor.db                         | jdbc:sqlite:data/advisor.db",
    })
    void withoutCredentials_hidesUserAndPassword(String url, String shown) {
        assertThat(Urls.withoutCredentials(url)).isEqualTo(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres://bot:s3cret@db example/app", "postgres://bot:s3cret@", "mysql://bot:s3cret@db/app"})
    void aMalformedDatabaseUrl_isReportedWithoutItsPassword(String url) {
        assertThatThrownBy(() -> Database.open(url)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("DATABASE_URL").doesNotContain("s3cret"));
    }
}
