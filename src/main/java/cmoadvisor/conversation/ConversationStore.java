package cmoadvisor.conversation;

import java.util.Optional;

/**
 * What the conversation engine needs to remember, as a port: the storage adapters (SQLite, PostgreSQL,
 * memory) implement it. The engine runs inside one transaction of the store per inbound event.
 */
public interface ConversationStore {

    Optional<Session> session(long chatId);

    void save(Session session);

    /** Saves a new lead and returns it with its id. */
    Lead createLead(Lead lead);

    Optional<Lead> lead(long id);

    void updateLead(Lead lead);

    /** The newest lead of a chat that is not done yet. */
    Optional<Lead> openLeadOfChat(long chatId);

    /** The lead a message the bot sent to the agency chat was about (to route an agency member's reply). */
    Optional<Long> leadOfAgencyMessage(long agencyChatId, long messageId);

    /** /forget: deletes the chat's session and transcript and strips its leads of personal data. */
    void forget(long chatId);

    /** Records a step of the funnel. */
    void record(FunnelEvent event);
}
