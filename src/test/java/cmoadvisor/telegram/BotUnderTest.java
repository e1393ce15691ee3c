package cmoadvisor.telegram;

import cmoadvisor.app.BotConfig;
import cmoadvisor.app.TelegramBot;
import cmoadvisor.knowledge.KnowledgeBase;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The bot's real wiring started against a stand-in Bot API, as an end-to-end test needs it. */
final class BotUnderTest {
    private BotUnderTest() {
    }

    /**
     * Starts the bot with the stand-in's token and address, an SQLite file {@code database} and the other
     * settings in {@code settings}; returns once it polls.
     */
    static TelegramBot start(FakeTelegramServer telegram, Path database, Map<String, String> settings,
                             Path knowledgeDir, KnowledgeBase knowledge, Duration timeout) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("TELEGRAM_BOT_TOKEN", telegram.token());
        env.put("TELEGRAM_API_URL", telegram.baseUrl());
        env.put("DATABASE_URL", "jdbc:sqlite:" + database);
        TelegramBot bot = new TelegramBot(BotConfig.fromEnvironment(env, knowledgeDir, true), knowledge, Clock.systemUTC());
        bot.start();
        telegram.awaitPolling(timeout);
        return bot;
    }
}
