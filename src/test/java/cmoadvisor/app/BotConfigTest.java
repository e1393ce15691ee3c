package cmoadvisor.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

class BotConfigTest {
    private static final Path KNOWLEDGE = Path.of("knowledge");
    private static final String TOKEN = "123456789:AAE-abcdefghijklmnopqrstuvwxyz";

    @Test
    void fromEnvironment_readsEveryVariable_withDefaults() {
        BotConfig config = BotConfig.fromEnvironment(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "AGENCY_CHAT_ID", "-1001234",
                "ADMIN_IDS", "1, 2,3"), KNOWLEDGE, true);
        assertThat(config.apiUrl()).isEqualTo("https://api.telegram.org");
        assertThat(config.agencyChatId()).isEqualTo(-1001234L);
        assertThat(config.adminIds()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(config.relayQuietPeriod()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config.databaseUrl()).isNull();
        assertThat(config.consoleDatabaseUrl()).isEqualTo("jdbc:sqlite:data/console.db");
    }

    @Test
    void fromEnvironment_keepsTheConsolesDatabaseApart_evenWhenTheBotsIsSet() {
        BotConfig config = BotConfig.fromEnvironment(Map.of("DATABASE_URL", "jdbc:sqlite:bot.db"), KNOWLEDGE, false);
        assertThat(config.consoleDatabaseUrl()).isEqualTo(BotConfig.DEFAULT_CONSOLE_DATABASE_URL);
        assertThat(BotConfig.fromEnvironment(Map.of("CONSOLE_DATABASE_URL", "jdbc:sqlite:/tmp/try.db"), KNOWLEDGE, false)
                .consoleDatabaseUrl()).isEqualTo("jdbc:sqlite:/tmp/try.db");
        assertThatThrownBy(() -> BotConfig.fromEnvironment(Map.of("CONSOLE_DATABASE_URL", "mysql://db"), KNOWLEDGE, false))
                .extracting(e -> ((BotConfig.Invalid) e).problems(), LIST)
                .singleElement().satisfies(p -> assertThat((String) p).startsWith("CONSOLE_DATABASE_URL must be"));
    }

    @Test
    void fromEnvironment_listsEveryProblem_withWhatTheValueShouldLookLike() {
        assertThatThrownBy(() -> BotConfig.fromEnvironment(Map.of(
                "TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_API_URL", "ftp://x", "AGENCY_CHAT_ID", "group",
                "ADMIN_IDS", "1,x", "RELAY_QUIET_MINUTES", "-5", "AGENCY_LANGUAGE", "de", "DATABASE_URL", "mysql://db"),
                KNOWLEDGE, true))
                .isInstanceOf(BotConfig.Invalid.class)
                .extracting(e -> ((BotConfig.Invalid) e).problems(), LIST)
                .hasSize(7)
                .anySatisfy(p -> assertThat((String) p).contains("TELEGRAM_BOT_TOKEN does not look like"))
                .anySatisfy(p -> assertThat((String) p).contains("TELEGRAM_API_URL"))
                .anySatisfy(p -> assertThat((String) p).contains("AGENCY_CHAT_ID must be"))
                .anySatisfy(p -> assertThat((String) p).contains("'x' is not one"))
                .anySatisfy(p -> assertThat((String) p).contains("RELAY_QUIET_MINUTES"))
                .anySatisfy(p -> assertThat((String) p).contains("AGENCY_LANGUAGE"))
                .anySatisfy(p -> assertThat((String) p).contains("DATABASE_URL must be"));
    }

    @Test
    void fromEnvironment_namesTheMissingToken_andPointsToTheConsole() {
        assertThatThrownBy(() -> BotConfig.fromEnvironment(Map.of(), KNOWLEDGE, true))
                .hasMessageContaining("TELEGRAM_BOT_TOKEN is not set").hasMessageContaining("chat")
                .hasMessageContaining("AGENCY_CHAT_ID is not set");
    }

    @Test
    void fromEnvironment_needsNoTokenForTheConsole() {
        assertThat(BotConfig.fromEnvironment(Map.of(), KNOWLEDGE, false).token()).isNull();
    }

    @Test
    void apiUrl_mustNotHaveAPath() {
        assertThatThrownBy(() -> BotConfig.fromEnvironment(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "AGENCY_CHAT_ID", "-1",
                "TELEGRAM_API_URL", "http://127.0.0.1:8081/proxy"), KNOWLEDGE, true))
                .hasMessageContaining("must not have a path");
    }

    @org.junit.jupiter.api.Test
    void retention_is90DaysUnlessSet_andMustBePositive() {
        java.nio.file.Path dir = java.nio.file.Path.of("knowledge");
        assertThat(BotConfig.fromEnvironment(java.util.Map.of(), dir, false).retention()).isEqualTo(java.time.Duration.ofDays(90));
        assertThat(BotConfig.fromEnvironment(java.util.Map.of("RETENTION_DAYS", "30"), dir, false).retention())
                .isEqualTo(java.time.Duration.ofDays(30));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BotConfig.fromEnvironment(java.util.Map.of("RETENTION_DAYS", "0"), dir, false))
                .isInstanceOf(BotConfig.Invalid.class).hasMessageContaining("RETENTION_DAYS");
    }
}
