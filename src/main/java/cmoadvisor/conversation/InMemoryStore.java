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
        java.time.Instant closedAt = events.stream().filter(e -> e.kind() == FunnelEvent.Kind.LEAD_DONE && e.chatId() == lead.chatId())
                .map(FunnelEvent::at).reduce((a, b) -> b).orElse(java.time.Instant.MIN);
        if (closedAt.isBefore(now.minus(window))) {
            return false;
        }
        String owner = who != null ? who : lead.takenBy();
        leads.put(leadId, owner == null ? lead.withStatus(Lead.Status.OPEN, null) : lead.withStatus(Lead.Status.TAKEN, owner));
        return true;
    }

    @Override
    public synchronized boolean reassignLead(long leadId, String from, String to) {
        Lead lead = leads.get(leadId);
        if (lead == null || lead.status() != Lead.Status.TAKEN || !from.equals(lead.takenBy())) {
            return false;
        }
        leads.put(leadId, lead.withStatus(Lead.Status.TAKEN, to));
        return true;
    }

    @Override
    public Optional<Lead> lastLeadOfChat(long chatId) {
        return leads.values().stream().filter(l -> l.chatId() == chatId).reduce((a, b) -> b);
    }

    private final java.util.Set<String> reminded = new java.util.HashSet<>();

    @Override
    public boolean markReminded(Outbound.Reminder.Kind kind, long subject, java.time.Instant since, java.time.Instant now) {
        return reminded.add(kind + ":" + subject + ":" + since.toEpochMilli());
    }

    private final Map<Long, Person> members = new LinkedHashMap<>();

    @Override
    public void rememberMember(long agencyChatId, Person member, java.time.Instant now) {
        members.remove(member.id());
        members.put(member.id(), Person.withHandle(member.id(), member.handle()));
    }

    @Override
    public java.util.List<Person> members(long agencyChatId) {
        java.util.List<Person> newestFirst = new java.util.ArrayList<>(members.values());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public Optional<AgencyMessage> cardOf(long leadId) {
        return agencyMessages.entrySet().stream().filter(e -> e.getValue() == leadId).map(e -> {
            String[] key = e.getKey().split(":");
            return new AgencyMessage(Long.parseLong(key[0]), Long.parseLong(key[1]), leadId);
        }).min(java.util.Comparator.comparingLong(AgencyMessage::messageId));
    }

    private final Map<String, Long> topics = new HashMap<>();

    @Override
    public Optional<Long> leadOfTopic(long agencyChatId, long threadId) {
        return Optional.ofNullable(topics.get(agencyChatId + ":" + threadId));
    }

    /** What the transport does after opening a forum topic for a lead. */
    void topicOpened(long agencyChatId, long threadId, long leadId) {
        topics.put(agencyChatId + ":" + threadId, leadId);
    }

    private final Map<Long, java.util.List<TranscriptLine>> transcripts = new HashMap<>();

    @Override
    public void appendTranscript(long chatId, String direction, String text) {
        transcripts.computeIfAbsent(chatId, id -> new java.util.ArrayList<>())
                .add(new TranscriptLine(direction, text, java.time.Instant.EPOCH));
    }

    @Override
    public java.util.List<TranscriptLine> transcript(long chatId, int limit) {
        java.util.List<TranscriptLine> all = transcripts.getOrDefault(chatId, java.util.List.of());
        return java.util.List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
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
        transcripts.remove(chatId);
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
