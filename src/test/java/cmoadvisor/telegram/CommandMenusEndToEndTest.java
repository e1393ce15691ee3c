package cmoadvisor.telegram;

import cmoadvisor.TestKnowledge;
import cmoadvisor.app.TelegramBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees which commands, read off the menus the real wiring sets on the stand-in Bot API: prospects the
 * ordinary ones, each admin's private chat those and the admin commands, the agency group the desk's help.
 */
class CommandMenusEndToEndTest {
    private static final String TOKEN = "123456789:AAE-command-menus-end-to-end-xyz";
    private static final long AGENCY = -1001234567890L;
    private static final long ADMIN = 42;
    /** An admin who never opened a chat with the bot: Telegram refuses a menu for that chat. */
    private static final long ADMIN_NEVER_STARTED = 43;
    private static final long PROSPECT = 501;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> PROSPECT_COMMANDS = List.of("start", "help", "quiz", "prices", "human", "lang", "cancel", "forget");
    private static final List<String> ADMIN_COMMANDS = List.of("reload", "stats", "gaps", "leads");
    private static final List<String> LANGUAGES = List.of("", "ky", "ru", "en");
    /** The default scope and the first admin's chat in four languages each, and the group's one menu. */
    private static final int MENUS_SET = 4 + 4 + 1;
    /** Those, and the refused admin's four, which come before the group's. */
    private static final int MENU_CALLS = MENUS_SET + 4;

    @TempDir
    Path dir;
    private FakeTelegramServer telegram;
    private TelegramBot bot;

    @BeforeEach
    void start() {
        telegram = FakeTelegramServer.start(TOKEN);
        telegram.refuseChat(ADMIN_NEVER_STARTED, 400, "Bad Request: chat not found");
        bot = BotUnderTest.start(telegram, dir.resolve("bot.db"), Map.of("AGENCY_CHAT_ID", String.valueOf(AGENCY),
                "ADMIN_IDS", ADMIN + "," + ADMIN_NEVER_STARTED, "AGENCY_LANGUAGE", "ru"), TestKnowledge.DIR,
                TestKnowledge.knowledge(), WAIT);
    }

    @AfterEach
    void stop() {
        bot.close();
        telegram.close();
    }

    @Test
    void theMenus_giveEachChatItsCommands_andARefusedAdminChatHoldsUpNoOtherMenu() {
        telegram.awaitRequests("setMyCommands", MENUS_SET, WAIT);
        List<FakeTelegramServer.Request> calls = telegram.requests("setMyCommands");
        assertThat(calls).as("each menu is set once; a refused one is not tried again").hasSize(MENU_CALLS);

        for (String language : LANGUAGES) {
            assertThat(telegram.commandMenu("default", language)).as("default, '%s'", language)
                    .containsExactlyElementsOf(PROSPECT_COMMANDS).doesNotContainAnyElementsOf(ADMIN_COMMANDS);
            assertThat(telegram.commandMenu("chat:" + ADMIN, language)).as("admin's chat, '%s'", language)
                    .containsSequence(PROSPECT_COMMANDS).endsWith(ADMIN_COMMANDS.toArray(String[]::new));
            assertThat(telegram.commandMenu("chat:" + ADMIN_NEVER_STARTED, language)).isNull();
        }
        assertThat(telegram.commandMenu("chat:" + AGENCY, "")).as("the group: the desk's help only").containsExactly("help");
        assertThat(telegram.commandMenus()).hasSize(MENUS_SET);

        // The menus without a language are in the language of whom they are for: Kyrgyz for prospects,
        // AGENCY_LANGUAGE (Russian here) for the agency's people.
        assertThat(descriptions(calls, "default", "")).contains("Даярдык тести");
        assertThat(descriptions(calls, "chat", "")).contains("Тест готовности", "Воронка и цифры (/stats 7 — за 7 дней)");
        assertThat(descriptions(calls, "chat", "en")).contains("Readiness quiz", "Questions the bot could not answer");
    }

    @Test
    void help_listsTheAdminCommandsToAnAdminOnly_andTheGroupsHelpExplainsTheDesk() {
        telegram.userText(ADMIN, "/help");
        assertThat(telegram.awaitMessageTo(ADMIN, "/quiz", WAIT).text())
                .contains("Команды администратора", "/reload — ", "/stats — Воронка", "/gaps — ", "/leads — ");

        telegram.userText(PROSPECT, "/help");
        assertThat(telegram.awaitMessageTo(PROSPECT, "/quiz", WAIT).text())
                .doesNotContain("/reload", "/stats", "/gaps", "/leads", "администратора");

        telegram.groupText(AGENCY, 900, "manager_aida", "/help@cmo_advisor_bot");
        assertThat(telegram.awaitMessageTo(AGENCY, "Работа с лидами", WAIT).text()).contains("Взять", "Вернуть", "Готово");
    }

    /** The descriptions sent for the first scope of this type ("default", "chat") and language, joined. */
    private static String descriptions(List<FakeTelegramServer.Request> calls, String scopeType, String language) {
        return calls.stream()
                .filter(r -> r.params().path("scope").path("type").asText("default").equals(scopeType)
                        && r.params().path("scope").path("chat_id").asText(String.valueOf(ADMIN)).equals(String.valueOf(ADMIN))
                        && r.params().path("language_code").asText("").equals(language))
                .findFirst().orElseThrow()
                .params().path("commands").findValuesAsText("description").toString();
    }
}
