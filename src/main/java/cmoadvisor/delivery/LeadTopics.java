package cmoadvisor.delivery;

import java.util.Optional;

/**
 * The forum topic of each lead, where the agency chat has topics: the transport opens one per lead and
 * sends everything about the lead there.
 */
public interface LeadTopics {
    LeadTopics NONE = new LeadTopics() {
        @Override
        public Optional<Long> threadOf(long leadId) {
            return Optional.empty();
        }

        @Override
        public void opened(long leadId, long chatId, long threadId) {
            throw new IllegalStateException("no store for forum topics");
        }
    };

    Optional<Long> threadOf(long leadId);

    void opened(long leadId, long chatId, long threadId);

    /** The topics kept in the database, each call in a transaction of its own. */
    static LeadTopics in(cmoadvisor.storage.Database database, cmoadvisor.storage.Json json, java.time.Clock clock) {
        return new LeadTopics() {
            @Override
            public Optional<Long> threadOf(long leadId) {
                return database.transaction(c -> new cmoadvisor.storage.JdbcConversationStore(c, json, database.dialect(), clock)
                        .topicOfLead(leadId));
            }

            @Override
            public void opened(long leadId, long chatId, long threadId) {
                database.transaction(c -> {
                    new cmoadvisor.storage.JdbcConversationStore(c, json, database.dialect(), clock).saveTopic(leadId, chatId, threadId);
                    return null;
                });
            }
        };
    }
}
