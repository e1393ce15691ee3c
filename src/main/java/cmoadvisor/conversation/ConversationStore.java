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

    /**
     * Takes an open lead for {@code who}; false when it was not open (someone took it first). Decided by the
     * database, so that of two managers pressing Take at once, in one process or two, exactly one wins.
     */
    boolean claimLead(long leadId, String who);

    /**
     * Opens a lead closed no longer ago than {@code window} again, for {@code who} (null: for whoever had it);
     * false when it is not closed, or was closed earlier.
     */
    boolean reopenLead(long leadId, String who, java.time.Instant now, java.time.Duration window);

    /**
     * Hands a taken lead from {@code from} to {@code to}; false when it is no longer {@code from}'s (someone
     * else took it, it was released or closed meanwhile).
     */
    boolean reassignLead(long leadId, String from, String to);

    /** The newest lead of a chat, whatever its status. */
    Optional<Lead> lastLeadOfChat(long chatId);

    /**
     * Notes that a reminder was sent; false when this one (kind, subject, since) had been already, so that a
     * reminder carried out twice after a crash reminds once.
     */
    boolean markReminded(Outbound.Reminder.Kind kind, long subject, java.time.Instant since, java.time.Instant now);

    /** Someone who acts on the desk (takes, answers, closes): offered when a lead is handed over. */
    void rememberMember(long agencyChatId, Person member, java.time.Instant now);

    /** The desk's people, the most recently seen first. */
    java.util.List<Person> members(long agencyChatId);

    /** The lead's card in the agency chat: the first message the bot sent there about it. */
    Optional<AgencyMessage> cardOf(long leadId);

    /** The lead a forum topic of the agency chat belongs to. */
    Optional<Long> leadOfTopic(long agencyChatId, long threadId);

    /** Keeps what the prospect and the bot said, for the agency and for /forget to delete. */
    void appendTranscript(long chatId, String direction, String text);

    /** A line for {@link #appendTranscript(java.util.List)}: the chat it was said in, "in" or "out", the text. */
    record NewTranscriptLine(long chatId, String direction, String text) {
    }

    /** The lines of a turn, in order; a database writes them with one statement. */
    default void appendTranscript(java.util.List<NewTranscriptLine> lines) {
        lines.forEach(line -> appendTranscript(line.chatId(), line.direction(), line.text()));
    }

    /** The last {@code limit} lines said in a chat, oldest first. */
    java.util.List<TranscriptLine> transcript(long chatId, int limit);

    /** One line of a conversation: {@code direction} "in" from the prospect, "out" from the bot or agency. */
    record TranscriptLine(String direction, String text, java.time.Instant at) {
    }

    /** Gives a taken lead back to nobody; false when it was not taken. */
    boolean releaseLead(long leadId);

    /** The newest lead of a chat that is not done yet. */
    Optional<Lead> openLeadOfChat(long chatId);

    /** The lead a message the bot sent to the agency chat was about (to route an agency member's reply). */
    Optional<Long> leadOfAgencyMessage(long agencyChatId, long messageId);

    /**
     * /forget: deletes or scrubs everything stored about the chat's person — session, transcript, stored
     * updates, messages to and about them, the text of their events — and strips their leads of personal data,
     * keeping only what the funnel counts, under a pseudonym instead of their id. Returns what others hold
     * and must be told of: the leads and the bot's messages about them in the agency chat.
     */
    Forgotten forget(long chatId);

    /** What /forget leaves for the engine to put right elsewhere: the agency's cards, the CRM. */
    record Forgotten(java.util.List<Long> leadIds, java.util.List<Long> openLeadIds, java.util.List<AgencyMessage> agencyMessages) {
        public static final Forgotten NOTHING = new Forgotten(java.util.List.of(), java.util.List.of(), java.util.List.of());
    }

    /** A message the bot sent to the agency chat about a lead. */
    record AgencyMessage(long chatId, long messageId, long leadId) {
    }

    /** Records a step of the funnel. */
    void record(FunnelEvent event);
}
