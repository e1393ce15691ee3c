package cmoadvisor.app;

import cmoadvisor.knowledge.Lang;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bot's settings from environment variables, checked at start: every missing or malformed value is
 * reported with what it should look like (see .env.example).
 */
public record BotConfig(String token, String apiUrl, Long agencyChatId, Set<Long> adminIds, Path knowledgeDir,
                        String databaseUrl, Duration relayQuietPeriod, Lang agencyLanguage, String leadWebhookUrl,
                        Duration retention, String agencyCountry, String consoleDatabaseUrl, Webhook webhook, boolean paced) {

    /**
     * Webhook mode (BOT_MODE=webhook, or the {@code web} command): Telegram POSTs updates to {@code url}, which
     * reaches this process on {@code port}; every request must carry {@code secret} (null: one is made and
     * kept in the database, so that several instances share it). Null in long-polling mode.
     */
    public record Webhook(String url, int port, String secret) {
        /** The path Telegram's requests arrive on: the URL's own path, or / when it has none. */
        public String path() {
            String path = java.net.URI.create(url).getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        }
    }

    private static final Pattern WEBHOOK_SECRET = Pattern.compile("[A-Za-z0-9_-]{16,256}");

    public static final String DEFAULT_API_URL = "https://api.telegram.org";
    /**
     * Where {@code chat} keeps its conversations and leads unless CONSOLE_DATABASE_URL says otherwise: never
     * the bot's database (DATABASE_URL), so that leads made up in a terminal, on the host too, never reach
     * the real /stats and /leads.
     */
    public static final String DEFAULT_CONSOLE_DATABASE_URL = "jdbc:sqlite:data/console.db";
    /** How long processed updates, delivered messages and transcripts are kept; leads are kept. */
    public static final int DEFAULT_RETENTION_DAYS = 90;
    private static final Pattern TOKEN = Pattern.compile("\\d{5,}:[A-Za-z0-9_-]{20,}");

    /** The settings could not be read; each problem is one line for the user. */
    public static final class Invalid extends RuntimeException {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * @param telegram whether the Telegram bot will run: then a token and the agency chat are required
     */
    public static BotConfig fromEnvironment(Map<String, String> env, Path knowledgeDir, boolean telegram) {
        List<String> problems = new ArrayList<>();
        String token = trimmed(env.get("TELEGRAM_BOT_TOKEN"));
        if (telegram && token == null) {
            problems.add("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token here"
                    + " (or run 'java -jar target/cmo-advisor.jar chat' to talk to the bot in this terminal)");
        } else if (token != null && !TOKEN.matcher(token).matches()) {
            problems.add("TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then the secret, as @BotFather gives it)");
        }
        String apiUrl = trimmed(env.getOrDefault("TELEGRAM_API_URL", DEFAULT_API_URL));
        try {
            cmoadvisor.telegram.TelegramPoller.parseUrl(apiUrl == null ? DEFAULT_API_URL : apiUrl);
        } catch (IllegalArgumentException e) {
            problems.add("TELEGRAM_API_URL " + e.getMessage());
        }
        Long agencyChat = null;
        String agency = trimmed(env.get("AGENCY_CHAT_ID"));
        if (agency == null) {
            if (telegram) {
                problems.add("AGENCY_CHAT_ID is not set: the id of the agency's group, where lead cards go"
                        + " (add the bot to the group; a group's id is negative, like -1001234567890)");
            }
        } else {
            try {
                agencyChat = Long.parseLong(agency);
            } catch (NumberFormatException e) {
                problems.add("AGENCY_CHAT_ID must be a chat id such as -1001234567890, not '" + agency + "'");
            }
        }
        Set<Long> admins = new LinkedHashSet<>();
        String adminList = trimmed(env.get("ADMIN_IDS"));
        if (adminList != null) {
            for (String id : adminList.split(",")) {
                try {
                    admins.add(Long.parseLong(id.strip()));
                } catch (NumberFormatException e) {
                    problems.add("ADMIN_IDS must be Telegram user ids separated by commas, like 12345,67890; '" + id.strip() + "' is not one");
                }
            }
        }
        Duration quiet = Duration.ofMinutes(positive(env, "RELAY_QUIET_MINUTES", "minutes", 60, problems));
        Duration retention = Duration.ofDays(positive(env, "RETENTION_DAYS", "days", DEFAULT_RETENTION_DAYS, problems));
        Lang agencyLanguage = Lang.RU;
        String language = trimmed(env.get("AGENCY_LANGUAGE"));
        if (language != null) {
            agencyLanguage = Lang.fromCode(language).orElse(null);
            if (agencyLanguage == null) {
                problems.add("AGENCY_LANGUAGE must be ky, ru or en, not '" + language + "'");
            }
        }
        String country = trimmed(env.get("AGENCY_COUNTRY"));
        if (country != null && !cmoadvisor.text.Phones.isRegion(country.toUpperCase(java.util.Locale.ROOT))) {
            problems.add("AGENCY_COUNTRY must be a two-letter country code such as KG, KZ or RU, not '" + country + "'");
        }
        String databaseUrl = databaseUrl(env, "DATABASE_URL", problems);
        String consoleDatabaseUrl = databaseUrl(env, "CONSOLE_DATABASE_URL", problems);
        String webhook = trimmed(env.get("LEAD_WEBHOOK_URL"));
        if (webhook != null) {
            try {
                java.net.URI uri = java.net.URI.create(webhook);
                if (uri.getHost() == null || !(webhook.startsWith("http://") || webhook.startsWith("https://"))) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                problems.add("LEAD_WEBHOOK_URL must be an http(s) URL such as https://crm.example.com/hooks/leads, not '"
                        + cmoadvisor.text.Urls.withoutCredentials(webhook) + "'");
            }
        }
        Webhook webhookMode = webhook(env, problems);
        String pacing = trimmed(env.get("TELEGRAM_PACING"));
        if (pacing != null && !pacing.equalsIgnoreCase("telegram") && !pacing.equalsIgnoreCase("off")) {
            problems.add("TELEGRAM_PACING must be telegram (the default: Telegram's sending limits) or off"
                    + " (only against a stand-in Bot API, as the load harness runs), not '" + pacing + "'");
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new BotConfig(token, apiUrl == null ? DEFAULT_API_URL : apiUrl, agencyChat, Set.copyOf(admins),
                knowledgeDir, databaseUrl, quiet, agencyLanguage, webhook, retention,
                country == null ? cmoadvisor.conversation.ConversationEngine.Options.DEFAULT_COUNTRY : country.toUpperCase(java.util.Locale.ROOT),
                consoleDatabaseUrl == null ? DEFAULT_CONSOLE_DATABASE_URL : consoleDatabaseUrl, webhookMode,
                pacing == null || !pacing.equalsIgnoreCase("off"));
    }

    /** BOT_MODE=webhook with WEBHOOK_URL, PORT (as hosts set it; 8080) and WEBHOOK_SECRET (optional); else null. */
    private static Webhook webhook(Map<String, String> env, List<String> problems) {
        String mode = trimmed(env.get("BOT_MODE"));
        if (mode == null || mode.equalsIgnoreCase("polling")) {
            return null;
        }
        if (!mode.equalsIgnoreCase("webhook")) {
            problems.add("BOT_MODE must be polling (the default) or webhook, not '" + mode + "'");
            return null;
        }
        String url = trimmed(env.get("WEBHOOK_URL"));
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || java.net.URI.create(url).getHost() == null) {
            problems.add("BOT_MODE=webhook needs WEBHOOK_URL, the public https address Telegram sends updates to,"
                    + " such as https://bot.example.com/telegram" + (url == null ? "" : ", not '" + url + "'"));
        }
        long port = positive(env, "PORT", "port", 8080, problems);
        if (port > 65535) {
            problems.add("PORT must be a TCP port (1–65535), not " + port);
        }
        String secret = trimmed(env.get("WEBHOOK_SECRET"));
        if (secret != null && !WEBHOOK_SECRET.matcher(secret).matches()) {
            problems.add("WEBHOOK_SECRET must be 16–256 letters, digits, _ or - (Telegram's rule for secret_token)");
        }
        return new Webhook(url, (int) Math.min(port, 65535), secret);
    }

    /** A database setting as given, or null when unset; one that names no database it can open is a problem. */
    private static String databaseUrl(Map<String, String> env, String name, List<String> problems) {
        String url = trimmed(env.get(name));
        if (url != null) {
            try {
                cmoadvisor.storage.Database.open(url).close();
            } catch (IllegalArgumentException e) {
                // Database words its refusal for DATABASE_URL; the setting at fault may be the console's.
                problems.add(e.getMessage().replaceFirst("^DATABASE_URL", name));
            }
        }
        return url;
    }

    /**
     * Where a copy of the last knowledge folder that passed validation is kept: {@code KNOWLEDGE_LAST_GOOD_DIR},
     * by default beside the embedded database.
     */
    public static Path lastGoodKnowledgeDir(Map<String, String> env) {
        String dir = trimmed(env.get("KNOWLEDGE_LAST_GOOD_DIR"));
        return Path.of(dir == null ? "data/last-good-knowledge" : dir);
    }

    /** The conversation's options; {@code defaultAgencyChat} where no agency group is configured (the console). */
    public cmoadvisor.conversation.ConversationEngine.Options engineOptions(long defaultAgencyChat) {
        return new cmoadvisor.conversation.ConversationEngine.Options(
                agencyChatId != null ? agencyChatId : defaultAgencyChat, agencyLanguage, relayQuietPeriod, adminIds,
                leadWebhookUrl, agencyCountry);
    }

    /** A setting that is a whole number above 0, or its default; a malformed one is named among the problems. */
    private static long positive(Map<String, String> env, String name, String unit, long fallback, List<String> problems) {
        String value = trimmed(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, with what the setting should look like.
        }
        problems.add(name + " must be a whole number of " + unit + " above 0, not '" + value + "'");
        return fallback;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
