package cmoadvisor.conversation;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ConversationStore} in memory: for {@code ask} (each question or conversation forgotten afterwards) and for conversation tests on the engine alone. */
public final class InMemoryStore implements ConversationStore {
    private final Map<Long, Session> sessions = new HashMap<>();
    private final Map<Long, Lead> leads = new LinkedHashMap<>();
    private final Map<String, Long> agencyMessages = new HashMap<>();
    private long nextLeadId = 1;

    @Override
    public Optional<Session> session(long chatId) {
        return Optional.ofNullable(sessions.get(chatId));
    }

    @Override
    public void save(Session session) {
        sessions.put(session.chatId(), session);
    }

    @Override
    public Lead createLead(Lead lead) {
        Lead saved = new Lead(nextLeadId++, lead.chatId(), lead.person(), lead.name(), lead.phone(), lead.company(),
                lead.lang(), lead.source(), lead.quiz(), lead.lastQuestions(), lead.consentText(), lead.consentAt(),
                lead.status(), lead.takenBy(), lead.createdAt());
        leads.put(saved.id(), saved);
        return saved;
    }

    @Override
    public Optional<Lead> lead(long id) {
        return Optional.ofNullable(leads.get(id));
    }

    @Override
    public void updateLead(Lead lead) {
        leads.put(lead.id(), lead);
    }

    @Override
    public synchronized boolean claimLead(long leadId, String who) {
        Lead lead = leads.get(leadId);
        if (lead == null || lead.status() != Lead.Status.OPEN) {
            return false;
        }
        leads.put(leadId, lead.withStatus(Lead.Status.TAKEN, who));
        return true;
    }

    @Override
    public synchronized boolean reopenLead(long leadId, String who, java.time.Instant now, java.time.Duration window) {
        Lead lead = leads.get(leadId);
        if (lead == null || lead.status() != Lead.Status.DONE || lead.person().id() == 0) {
            // A forgotten person's lead (no id left) stays closed.
            return false;
        }
        leads.put(leadId, lead.withStatus(Lead.Status.TAKEN, who));
        return true;
    }

    @Override
    public synchronized boolean releaseLead(long leadId) {
        Lead lead = leads.get(leadId);
        if (lead == null || lead.status() != Lead.Status.TAKEN) {
            return false;
        }
        leads.put(leadId, lead.withStatus(Lead.Status.OPEN, null));
        return true;
    }

    @Override
    public Optional<Lead> openLeadOfChat(long chatId) {
        return leads.values().stream().filter(l -> l.chatId() == chatId && l.isOpen()).reduce((a, b) -> b);
    }

    @Override
    public Optional<Long> leadOfAgencyMessage(long agencyChatId, long messageId) {
        return Optional.ofNullable(agencyMessages.get(agencyChatId + ":" + messageId));
    }

    @Override
    public Forgotten forget(long chatId) {
        sessions.remove(chatId);
        java.util.List<Long> forgotten = leads.values().stream().filter(l -> l.chatId() == chatId).map(Lead::id).toList();
        java.util.List<Long> open = leads.values().stream().filter(l -> l.chatId() == chatId && l.isOpen()).map(Lead::id).toList();
        leads.replaceAll((id, l) -> l.chatId() != chatId ? l : new Lead(l.id(), l.chatId(),
                new Person(0, null, null, null), null, null, null, l.lang(), l.source(), null, java.util.List.of(),
                null, null, Lead.Status.DONE, l.takenBy(), l.createdAt()));
        java.util.List<AgencyMessage> messages = agencyMessages.entrySet().stream()
                .filter(e -> forgotten.contains(e.getValue()))
                .map(e -> {
                    String[] key = e.getKey().split(":");
                    return new AgencyMessage(Long.parseLong(key[0]), Long.parseLong(key[1]), e.getValue());
                })
                .sorted(java.util.Comparator.comparingLong(AgencyMessage::messageId))
                .toList();
        return new Forgotten(forgotten, open, messages);
    }

    private final java.util.List<FunnelEvent> events = new java.util.ArrayList<>();

    @Override
    public void record(FunnelEvent event) {
        events.add(event);
    }

    java.util.List<FunnelEvent> events() {
        return events;
    }

    /** What the outbox does after delivering a message about a lead to the agency chat. */
    void delivered(long chatId, long messageId, long leadId) {
        agencyMessages.put(chatId + ":" + messageId, leadId);
    }

    Map<Long, Lead> leads() {
        return leads;
    }
}
