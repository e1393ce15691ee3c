package cmoadvisor.storage;

import cmoadvisor.conversation.Session;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sessions of the chats seen lately, as the database holds them, for a process that alone writes the
 * database (SQLite, held by {@code ProcessLock}): a turn takes its chat's session from here instead of
 * reading it back and parsing its JSON, a statement and a parse a turn inside the one connection's turn
 * (about 3% of the bot's CPU under load). A transaction's writes wait aside and reach the cache when it
 * commits; a rollback drops them, and a failed commit or connection, whose outcome is not known, the whole
 * cache (see {@link Database#withTransactionListener}), so the cache never holds what the database does
 * not. Every write of a session goes through {@link JdbcConversationStore}, which keeps the cache; a
 * forgotten chat leaves it with its transaction's commit. (Anything that writes the sessions table another
 * way must go through the store too, or the cache would not hear of it.)
 */
public final class SessionCache implements Database.TransactionListener {
    /**
     * Chats kept, the most recent: the conversations going on at one time, not every chat ever seen. A
     * session is a kilobyte or two in memory, so this stays within a few megabytes of a 128 MB heap.
     */
    private static final int CHATS = 2_000;

    private final Map<Long, Session> committed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Session> eldest) {
            return size() > CHATS;
        }
    };
    /** The open transaction's sessions, read or written: a session, or empty for one deleted. */
    private final Map<Long, Optional<Session>> written = new HashMap<>();

    /**
     * What is known of a chat's session: empty when the database must be asked; otherwise the session, or
     * empty inside for one deleted in the open transaction.
     */
    synchronized Optional<Optional<Session>> known(long chatId) {
        Optional<Session> mine = written.get(chatId);
        if (mine != null) {
            return Optional.of(mine);
        }
        Session session = committed.get(chatId);
        return session == null ? Optional.empty() : Optional.of(Optional.of(session));
    }

    /**
     * A session read from the database in the open transaction: kept once that commits, as what the
     * database then holds (whatever wrote it before in the transaction), and dropped with a rollback.
     */
    synchronized void read(Session session) {
        written.putIfAbsent(session.chatId(), Optional.of(session));
    }

    synchronized void saved(Session session) {
        written.put(session.chatId(), Optional.of(session));
    }

    synchronized void deleted(long chatId) {
        written.put(chatId, Optional.empty());
    }

    @Override
    public synchronized void committed() {
        written.forEach((chat, session) -> {
            if (session.isPresent()) {
                committed.put(chat, session.get());
            } else {
                committed.remove(chat);
            }
        });
        written.clear();
    }

    @Override
    public synchronized void rolledBack() {
        written.clear();
    }

    /** Whether the last transaction's writes reached the database is not known: everything is read anew. */
    @Override
    public synchronized void outcomeUnknown() {
        written.clear();
        committed.clear();
    }
}
