package cmoadvisor.storage;

import cmoadvisor.conversation.ConversationStore;
import cmoadvisor.conversation.Lead;
import cmoadvisor.conversation.Person;
import cmoadvisor.conversation.QuizResult;
import cmoadvisor.conversation.Session;
import cmoadvisor.knowledge.Lang;
import com.fasterxml.jackson.core.type.TypeReference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ConversationStore} on SQL, inside the caller's transaction (one per inbound event). */
public final class JdbcConversationStore implements ConversationStore {
    private final Connection c;
    private final Json json;
    private final Database.Dialect dialect;
    private final java.time.Clock clock;
    /** Above every Telegram id (they fit in 52 bits), so that a pseudonym never names a real chat. */
    private static final long PSEUDONYMS_FROM = 1L << 60;
    private final java.util.Set<Long> forgottenChats = new java.util.HashSet<>();

    /** Null where another process may write the database too. */
    private final SessionCache sessions;

    public JdbcConversationStore(Connection connection, Json json, Database.Dialect dialect, java.time.Clock clock) {
        this(connection, json, dialect, clock, null);
    }

    /** @param sessions the sessions as committed, where this process alone writes the database; or null */
    public JdbcConversationStore(Connection connection, Json json, Database.Dialect dialect, java.time.Clock clock,
                                 SessionCache sessions) {
        this.c = connection;
        this.json = json;
        this.dialect = dialect;
        this.clock = clock;
        this.sessions = sessions;
    }

    @Override
    public Optional<Session> session(long chatId) {
        if (sessions != null) {
            Optional<Optional<Session>> known = sessions.known(chatId);
            if (known.isPresent()) {
                return known.get();
            }
        }
        Optional<Session> read = query("SELECT data FROM sessions WHERE chat_id = ?", p -> p.setLong(1, chatId),
                r -> json.read(r.getString(1), Session.class));
        if (sessions != null) {
            read.ifPresent(sessions::read);
        }
        return read;
    }

    @Override
    public void save(Session session) {
        if (sessions != null) {
            sessions.saved(session);
        }
        update("INSERT INTO sessions (chat_id, data, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (chat_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at", p -> {
            p.setLong(1, session.chatId());
            p.setString(2, json.write(session));
            p.setLong(3, clock.millis());
        });
    }

    @Override
    public Lead createLead(Lead lead) {
        String sql = "INSERT INTO leads (chat_id, user_id, username, first_name, name, phone, company, lang, source, quiz,"
                + " last_questions, consent_text, consent_at, status, taken_by, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement p = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, lead.chatId());
            p.setLong(2, lead.person().id());
            p.setString(3, lead.person().username());
            p.setString(4, lead.person().firstName());
            p.setString(5, lead.name());
            p.setString(6, lead.phone());
            p.setString(7, lead.company());
            p.setString(8, lead.lang().code());
            p.setString(9, lead.source());
            p.setString(10, lead.quiz() == null ? null : json.write(lead.quiz()));
            p.setString(11, json.write(lead.lastQuestions()));
            p.setString(12, lead.consentText());
            setInstant(p, 13, lead.consentAt());
            p.setString(14, lead.status().name());
            p.setString(15, lead.takenBy());
            p.setLong(16, lead.createdAt().toEpochMilli());
            p.setLong(17, lead.createdAt().toEpochMilli());
            p.executeUpdate();
            long id;
            try (ResultSet keys = p.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new StorageException("the database returned no id for a new lead", null);
                }
                id = keys.getLong(1);
            }
            return new Lead(id, lead.chatId(), lead.person(), lead.name(), lead.phone(), lead.company(), lead.lang(),
                    lead.source(), lead.quiz(), lead.lastQuestions(), lead.consentText(), lead.consentAt(),
                    lead.status(), lead.takenBy(), lead.createdAt());
        } catch (SQLException e) {
            throw new StorageException("cannot save a lead: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Lead> lead(long id) {
        return query("SELECT * FROM leads WHERE id = ?", p -> p.setLong(1, id), this::lead);
    }

    @Override
    public void updateLead(Lead lead) {
        update("UPDATE leads SET status = ?, taken_by = ?, updated_at = ? WHERE id = ?", p -> {
            p.setString(1, lead.status().name());
            p.setString(2, lead.takenBy());
            p.setLong(3, clock.millis());
            p.setLong(4, lead.id());
        });
    }

    @Override
    public boolean claimLead(long leadId, String who) {
        // One statement, its condition checked by the database under the row's lock: the first wins.
        return Sql.update(c, "UPDATE leads SET status = 'TAKEN', taken_by = ?, updated_at = ? WHERE id = ? AND status = 'OPEN'", p -> {
            p.setString(1, who);
            p.setLong(2, clock.millis());
            p.setLong(3, leadId);
        }) == 1;
    }

    @Override
    public boolean reopenLead(long leadId, String who, Instant now, java.time.Duration window) {
        // A forgotten person's lead has no user left to write to: it stays closed.
        return Sql.update(c, "UPDATE leads SET taken_by = COALESCE(CAST(? AS TEXT), taken_by), updated_at = ?,"
                + " status = CASE WHEN COALESCE(CAST(? AS TEXT), taken_by) IS NULL THEN 'OPEN' ELSE 'TAKEN' END"
                + " WHERE id = ? AND status = 'DONE' AND updated_at >= ? AND user_id IS NOT NULL", p -> {
                    p.setString(1, who);
                    p.setLong(2, clock.millis());
                    p.setString(3, who);
                    p.setLong(4, leadId);
                    p.setLong(5, now.minus(window).toEpochMilli());
                }) == 1;
    }

    @Override
    public boolean reassignLead(long leadId, String from, String to) {
        return Sql.update(c, "UPDATE leads SET taken_by = ?, updated_at = ? WHERE id = ? AND status = 'TAKEN' AND taken_by = ?", p -> {
            p.setString(1, to);
            p.setLong(2, clock.millis());
            p.setLong(3, leadId);
            p.setString(4, from);
        }) == 1;
    }

    @Override
    public Optional<Lead> lastLeadOfChat(long chatId) {
        return query("SELECT * FROM leads WHERE chat_id = ? ORDER BY id DESC", p -> p.setLong(1, chatId), this::lead);
    }

    @Override
    public boolean markReminded(cmoadvisor.conversation.Outbound.Reminder.Kind kind, long subject, Instant since, Instant now) {
        return Sql.update(c, "INSERT INTO reminders (kind, subject, since, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", p -> {
            p.setString(1, kind.name());
            p.setLong(2, subject);
            p.setLong(3, since.toEpochMilli());
            p.setLong(4, now.toEpochMilli());
        }) == 1;
    }

    @Override
    public void rememberMember(long agencyChatId, Person member, Instant now) {
        Sql.update(c, "INSERT INTO desk_members (chat_id, user_id, handle, seen_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (chat_id, user_id) DO UPDATE SET handle = excluded.handle, seen_at = excluded.seen_at", p -> {
                    p.setLong(1, agencyChatId);
                    p.setLong(2, member.id());
                    p.setString(3, member.handle());
                    p.setLong(4, now.toEpochMilli());
                });
    }

    @Override
    public List<Person> members(long agencyChatId) {
        return Sql.list(c, "SELECT user_id, handle FROM desk_members WHERE chat_id = ? ORDER BY seen_at DESC, user_id",
                p -> p.setLong(1, agencyChatId), r -> Person.withHandle(r.getLong(1), r.getString(2)));
    }

    @Override
    public Optional<AgencyMessage> cardOf(long leadId) {
        return query("SELECT chat_id, message_id FROM agency_messages WHERE lead_id = ? ORDER BY message_id",
                p -> p.setLong(1, leadId), r -> new AgencyMessage(r.getLong(1), r.getLong(2), leadId));
    }

    @Override
    public Optional<Long> leadOfTopic(long agencyChatId, long threadId) {
        return query("SELECT lead_id FROM lead_topics WHERE chat_id = ? AND thread_id = ?", p -> {
            p.setLong(1, agencyChatId);
            p.setLong(2, threadId);
        }, r -> r.getLong(1));
    }

    /** The forum topic opened for a lead, for the transport to send its messages there. */
    public Optional<Long> topicOfLead(long leadId) {
        return query("SELECT thread_id FROM lead_topics WHERE lead_id = ?", p -> p.setLong(1, leadId), r -> r.getLong(1));
    }

    /** Remembers the forum topic opened for a lead. */
    public void saveTopic(long leadId, long agencyChatId, long threadId) {
        update("INSERT INTO lead_topics (lead_id, chat_id, thread_id) VALUES (?, ?, ?) ON CONFLICT (lead_id) DO NOTHING", p -> {
            p.setLong(1, leadId);
            p.setLong(2, agencyChatId);
            p.setLong(3, threadId);
        });
    }

    @Override
    public List<TranscriptLine> transcript(long chatId, int limit) {
        List<TranscriptLine> newestFirst = Sql.list(c, "SELECT direction, text, at FROM transcripts WHERE chat_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                p -> {
                    p.setLong(1, chatId);
                    p.setInt(2, limit);
                }, r -> new TranscriptLine(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))));
        List<TranscriptLine> lines = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(lines);
        return lines;
    }

    @Override
    public boolean releaseLead(long leadId) {
        return Sql.update(c, "UPDATE leads SET status = 'OPEN', taken_by = NULL, updated_at = ? WHERE id = ? AND status = 'TAKEN'", p -> {
            p.setLong(1, clock.millis());
            p.setLong(2, leadId);
        }) == 1;
    }

    @Override
    public Optional<Lead> openLeadOfChat(long chatId) {
        return query("SELECT * FROM leads WHERE chat_id = ? AND status <> 'DONE' ORDER BY id DESC",
                p -> p.setLong(1, chatId), this::lead);
    }

    @Override
    public Optional<Long> leadOfAgencyMessage(long agencyChatId, long messageId) {
        return query("SELECT lead_id FROM agency_messages WHERE chat_id = ? AND message_id = ?", p -> {
            p.setLong(1, agencyChatId);
            p.setLong(2, messageId);
        }, r -> r.getLong(1));
    }

    @Override
    public Forgotten forget(long chatId) {
        List<Long> leadIds = Sql.list(c, "SELECT id FROM leads WHERE chat_id = ? ORDER BY id", p -> p.setLong(1, chatId),
                r -> r.getLong(1));
        List<Long> openLeadIds = Sql.list(c, "SELECT id FROM leads WHERE chat_id = ? AND status <> 'DONE' ORDER BY id",
                p -> p.setLong(1, chatId), r -> r.getLong(1));
        List<AgencyMessage> agencyMessages = new java.util.ArrayList<>();
        for (long leadId : leadIds) {
            agencyMessages.addAll(Sql.list(c, "SELECT chat_id, message_id FROM agency_messages WHERE lead_id = ? ORDER BY message_id",
                    p -> p.setLong(1, leadId), r -> new AgencyMessage(r.getLong(1), r.getLong(2), leadId)));
            // What was to go out about the person (a card, a relayed message, the CRM's copy) does not; what
            // went out keeps no copy here.
            update("UPDATE outbox SET failed_at = ?, last_error = 'forgotten' WHERE lead_id = ? AND sent_at IS NULL AND failed_at IS NULL",
                    p -> {
                        p.setLong(1, clock.millis());
                        p.setLong(2, leadId);
                    });
            update("UPDATE outbox SET payload = '{}' WHERE lead_id = ?", p -> p.setLong(1, leadId));
        }
        // The funnel keeps counting the person's steps, under a pseudonym nobody can map back to them.
        // Made here, not with the store: a store is made for every turn, and a pseudonym is rare (/forget).
        long pseudonym = PSEUDONYMS_FROM + Math.floorMod(new java.security.SecureRandom().nextLong(), PSEUDONYMS_FROM);
        update("DELETE FROM sessions WHERE chat_id = ?", p -> p.setLong(1, chatId));
        if (sessions != null) {
            sessions.deleted(chatId);
        }
        update("DELETE FROM transcripts WHERE chat_id = ?", p -> p.setLong(1, chatId));
        update("DELETE FROM outbox WHERE chat_id = ? OR chat_id = ?", p -> {
            p.setLong(1, chatId);
            p.setLong(2, cmoadvisor.conversation.Outbound.Reminder.orderingKeyOf(
                    cmoadvisor.conversation.Outbound.Reminder.Kind.PROSPECT_STOPPED, chatId));
        });
        update("DELETE FROM reminders WHERE kind = ? AND subject = ?", p -> {
            p.setString(1, cmoadvisor.conversation.Outbound.Reminder.Kind.PROSPECT_STOPPED.name());
            p.setLong(2, chatId);
        });
        update("UPDATE inbound_updates SET payload = '{}', last_error = NULL, chat_id = NULL WHERE chat_id = ?"
                + " AND processed_at IS NOT NULL", p -> p.setLong(1, chatId));
        update("UPDATE events SET text = NULL, chat_id = ? WHERE chat_id = ?", p -> {
            p.setLong(1, pseudonym);
            p.setLong(2, chatId);
        });
        update("UPDATE leads SET chat_id = ?, user_id = NULL, username = NULL, first_name = NULL, name = NULL, phone = NULL,"
                + " company = NULL, last_questions = NULL, consent_text = NULL, status = 'DONE', updated_at = ?"
                + " WHERE chat_id = ?", p -> {
                    p.setLong(1, pseudonym);
                    p.setLong(2, clock.millis());
                    p.setLong(3, chatId);
                });
        forgottenChats.add(chatId);
        return new Forgotten(leadIds, openLeadIds, agencyMessages);
    }

    /** Whether this store forgot the chat's person in its transaction. */
    public boolean forgot(long chatId) {
        return forgottenChats.contains(chatId);
    }

    /** Notes that the prospect was told their card waits; false when they had been told already. */
    public boolean markDelayTold(long leadId) {
        return Sql.update(c, "UPDATE leads SET delay_told_at = ? WHERE id = ? AND delay_told_at IS NULL", p -> {
            p.setLong(1, clock.millis());
            p.setLong(2, leadId);
        }) == 1;
    }

    @Override
    public void record(cmoadvisor.conversation.FunnelEvent event) {
        update("INSERT INTO events (chat_id, kind, source, lang, topic, text, at) VALUES (?, ?, ?, ?, ?, ?, ?)", p -> {
            p.setLong(1, event.chatId());
            p.setString(2, event.kind().name());
            p.setString(3, event.source());
            p.setString(4, event.lang() == null ? null : event.lang().code());
            p.setString(5, event.topic());
            p.setString(6, event.text());
            p.setLong(7, event.at().toEpochMilli());
        });
    }

    @Override
    public void appendTranscript(long chatId, String direction, String text) {
        if (forgottenChats.contains(chatId)) {
            // The turn that forgot the person does not start a new record of them ("your data is deleted").
            return;
        }
        update("INSERT INTO transcripts (chat_id, direction, text, at) VALUES (?, ?, ?, ?)", p -> {
            p.setLong(1, chatId);
            p.setString(2, direction);
            p.setString(3, text);
            p.setLong(4, clock.millis());
        });
    }

    @Override
    public void appendTranscript(List<NewTranscriptLine> lines) {
        List<NewTranscriptLine> kept = lines.stream().filter(line -> !forgottenChats.contains(line.chatId())).toList();
        if (kept.isEmpty()) {
            return;
        }
        // One statement for a turn's lines (the question and its answers): a round trip less on PostgreSQL.
        String rows = String.join(", ", java.util.Collections.nCopies(kept.size(), "(?, ?, ?, ?)"));
        long now = clock.millis();
        update("INSERT INTO transcripts (chat_id, direction, text, at) VALUES " + rows, p -> {
            int i = 0;
            for (NewTranscriptLine line : kept) {
                p.setLong(++i, line.chatId());
                p.setString(++i, line.direction());
                p.setString(++i, line.text());
                p.setLong(++i, now);
            }
        });
    }

    public int transcriptSize(long chatId) {
        return query("SELECT COUNT(*) FROM transcripts WHERE chat_id = ?", p -> p.setLong(1, chatId), r -> r.getInt(1))
                .orElse(0);
    }

    private Lead lead(ResultSet r) throws SQLException {
        Person person = new Person(r.getLong("user_id"), r.getString("username"), r.getString("first_name"), null);
        String quiz = r.getString("quiz");
        String questions = r.getString("last_questions");
        long consentAt = r.getLong("consent_at");
        boolean noConsent = r.wasNull();
        return new Lead(r.getLong("id"), r.getLong("chat_id"), person, r.getString("name"), r.getString("phone"),
                r.getString("company"), Lang.fromCode(r.getString("lang")).orElse(Lang.PRIMARY), r.getString("source"),
                quiz == null ? null : json.read(quiz, QuizResult.class),
                questions == null ? List.of() : json.read(questions, new TypeReference<List<String>>() { }),
                r.getString("consent_text"), noConsent ? null : Instant.ofEpochMilli(consentAt),
                Lead.Status.valueOf(r.getString("status")), r.getString("taken_by"),
                Instant.ofEpochMilli(r.getLong("created_at")));
    }

    private static void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, value.toEpochMilli());
        }
    }

    private <T> Optional<T> query(String sql, Sql.Binder binder, Sql.RowReader<T> reader) {
        return Sql.one(c, sql, binder, reader);
    }

    /** A write whose count nobody needs: it goes with the transaction's next statement (see {@link Sql#later}). */
    private void update(String sql, Sql.Binder binder) {
        Sql.later(c, sql, binder);
    }

    Database.Dialect dialect() {
        return dialect;
    }
}
