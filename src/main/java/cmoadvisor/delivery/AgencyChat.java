package cmoadvisor.delivery;

import cmoadvisor.storage.BotState;
import cmoadvisor.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The agency group's id as the engine knows it (AGENCY_CHAT_ID) and as Telegram knows it now. When a group
 * becomes a supergroup Telegram gives it a new id; the bot stores that and translates at the edge, so the
 * engine, the stored messages and the lead cards keep the configured id until the admins update the setting.
 */
public final class AgencyChat {
    private static final Logger log = LoggerFactory.getLogger(AgencyChat.class);
    static final String MOVED_TO = "agency_chat.moved_to";

    private final long configured;
    private volatile long current;

    private AgencyChat(long configured, long current) {
        this.configured = configured;
        this.current = current;
    }

    /** No agency chat configured: every id passes through unchanged. */
    public static AgencyChat none() {
        return new AgencyChat(0, 0);
    }

    /** The configured id and the new one the bot learnt before a restart, if any. */
    public static AgencyChat load(long configured, Database database, Clock clock) {
        if (configured == 0) {
            return none();
        }
        String moved = database.transaction(c -> new BotState(c, clock).get(MOVED_TO + ":" + configured).orElse(null));
        long current = moved == null ? configured : Long.parseLong(moved);
        if (current != configured) {
            log.warn("the agency group {} is now {} (a supergroup); set AGENCY_CHAT_ID={}", configured, current, current);
        }
        return new AgencyChat(configured, current);
    }

    public long configured() {
        return configured;
    }

    public long current() {
        return current;
    }

    /** Whether a stored message is addressed to the agency group. */
    public boolean isAgency(long chatId) {
        return configured != 0 && chatId == configured;
    }

    /** The id to send to. */
    public long toTelegram(long chatId) {
        return isAgency(chatId) ? current : chatId;
    }

    /** The id the engine knows a chat of an incoming update by. */
    public long fromTelegram(long chatId) {
        return configured != 0 && chatId == current ? configured : chatId;
    }

    /** The id before the last move, for a transaction that records the move again (see {@link #movedTo}). */
    private volatile long previous;

    /**
     * Telegram said the group moved: remember the new id (in the caller's transaction) and use it from now on;
     * returns the id it had. A transaction run again (its group rolled back) records the same move once more
     * and gets the same old id.
     */
    public long movedTo(BotState state, long newChatId) {
        state.put(MOVED_TO + ":" + configured, String.valueOf(newChatId));
        if (current == newChatId) {
            return previous;
        }
        log.warn("the agency group {} became the supergroup {}; the bot writes there now; set AGENCY_CHAT_ID={}",
                current, newChatId, newChatId);
        previous = current;
        current = newChatId;
        return previous;
    }
}
