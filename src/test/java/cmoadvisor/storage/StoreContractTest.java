package cmoadvisor.storage;

import cmoadvisor.conversation.ChatState;
import cmoadvisor.conversation.ConversationStore;
import cmoadvisor.conversation.FunnelEvent;
import cmoadvisor.conversation.FunnelEvent.Kind;
import cmoadvisor.conversation.Keyboard;
import cmoadvisor.conversation.Lead;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.conversation.Person;
import cmoadvisor.conversation.QuizResult;
import cmoadvisor.conversation.Session;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One suite for every database the bot supports, in the manner of Caffeine's tests: each subclass only
 * says how to open its database.
 */
abstract class StoreContractTest extends cmoadvisor.conversation.ConversationStoreContract {
    private static final Person ASEL = new Person(501, "asel_kg", "Асель", "ky");
    private static final Instant T = Instant.parse("2026-11-26T10:15:30Z");

    protected Database database;
    private final Json json = new Json();
    private static final java.time.Clock CLOCK = java.time.Clock.systemUTC();

    protected abstract Database open();

    protected void cleanUp() {
    }

    /** The sessions kept in memory, for the suite run with them (see {@link SessionCache}); none by default. */
    protected SessionCache sessions;

    protected SessionCache sessionCache(Database database) {
        return null;
    }

    @BeforeEach
    void migrate() {
        database = open();
        Migrations.migrate(database);
        sessions = sessionCache(database);
    }

    /**
     * Starts a thread whose transaction holds the (main) connection until {@code release} opens; returns
     * once it holds it. Join the thread after releasing it.
     */
    protected Thread holdTheConnection(java.util.concurrent.CountDownLatch release) throws InterruptedException {
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> database.transaction(c -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        holding.await();
        return holder;
    }

    /** The store of a transaction, as the bot makes it. */
    protected JdbcConversationStore store(java.sql.Connection c) {
        return new JdbcConversationStore(c, json, database.dialect(), CLOCK, sessions);
    }

    @AfterEach
    void close() {
        database.close();
        cleanUp();
    }

    /** What a store call that answers yes or no answered. */
    private boolean holds(Function<JdbcConversationStore, Boolean> work) {
        return inJdbcStore(work);
    }

    @Override
    protected <R> R inStore(Function<cmoadvisor.conversation.ConversationStore, R> work) {
        return database.transaction(c -> work.apply(store(c)));
    }

    private <T> T inJdbcStore(Function<JdbcConversationStore, T> work) {
        return database.transaction(c -> work.apply(store(c)));
    }

    private <T> List<T> rows(String sql, Sql.RowReader<T> reader) {
        return database.transaction(c -> Sql.list(c, sql, p -> { }, reader));
    }

    private java.util.Optional<Session> session(long chatId) {
        return inJdbcStore(store -> store.session(chatId));
    }

    private java.util.Optional<Lead> storedLead(long id) {
        return inJdbcStore(store -> store.lead(id));
    }

    private java.util.Optional<Lead> openLead(long chatId) {
        return inJdbcStore(store -> store.openLeadOfChat(chatId));
    }

    private java.util.Optional<Long> leadOfMessage(long chatId, long messageId) {
        return inJdbcStore(store -> store.leadOfAgencyMessage(chatId, messageId));
    }

    private int transcriptSize(long chatId) {
        return inJdbcStore(store -> store.transcriptSize(chatId));
    }

    private List<Outbox.Entry> dueMessages(long now) {
        return database.transaction(c -> new Outbox(c, json, CLOCK).due(now, 10));
    }

    private List<UpdateLog.Pending> pendingUpdates() {
        return database.transaction(c -> new UpdateLog(c, database.dialect(), CLOCK).pending(10));
    }

    private static Lead lead(long chatId) {
        return new Lead(0, chatId, ASEL, "Асель", "+996555123456", "ОсОО \"Test\"", Lang.KY, "fb_ads",
                new QuizResult(Map.of("revenue", "yes"), 3, 5, List.of("маркетинг хаостуу"), "project", true),
                List.of("Ретейнер канча турат?"), "Макулмун", T, Lead.Status.OPEN, null, T);
    }

    @Test
    void migrate_isSafeToRunAgain() {
        assertThat(Migrations.migrate(database)).isZero();
    }

    @Test
    void session_roundTripsEveryState() {
        List<ChatState> states = List.of(new ChatState.Idle(), new ChatState.InQuiz(2, Map.of("revenue", "yes", "chaos", "no")),
                new ChatState.AwaitingSalary(),
                new ChatState.CapturingLead(ChatState.LeadStep.COMPANY, new ChatState.LeadDraft("+996555", "Асель", null)),
                new ChatState.Relaying(7, T), new ChatState.ConfirmingForget());
        for (ChatState state : states) {
            Session session = new Session(501, ASEL, Lang.RU, Lang.RU, "fb_ads", state, List.of("вопрос"),
                    new QuizResult(Map.of("revenue", "no"), 1, 5, List.of(), "hourly", false),
                    new cmoadvisor.conversation.DialogueContext("retainer-model", cmoadvisor.conversation.DialogueContext.Offer.HUMAN,
                            null, true, new cmoadvisor.conversation.DialogueContext.Facts("120 млн тенге", "Бишкек",
                                    Map.of("revenue", "yes"))));
            inJdbcStore(store -> {
                store.save(session);
                return null;
            });
            assertThat(session(501)).contains(session);
        }
    }

    @Test
    void createLead_assignsIncreasingIds_andRoundTripsEveryField() {
        Lead first = inJdbcStore(store -> store.createLead(lead(501)));
        Lead second = inJdbcStore(store -> store.createLead(lead(502)));
        assertThat(second.id()).isGreaterThan(first.id());
        Lead read = inJdbcStore(store -> store.lead(first.id())).orElseThrow();
        assertThat(read.name()).isEqualTo("Асель");
        assertThat(read.company()).isEqualTo("ОсОО \"Test\"");
        assertThat(read.quiz().signs()).containsExactly("маркетинг хаостуу");
        assertThat(read.lastQuestions()).containsExactly("Ретейнер канча турат?");
        assertThat(read.consentAt()).isEqualTo(T);
        assertThat(read.person().username()).isEqualTo("asel_kg");
    }

    @Test
    void openLeadOfChat_skipsDoneLeads() {
        Lead lead = inJdbcStore(store -> store.createLead(lead(501)));
        assertThat(openLead(501)).isPresent();
        inJdbcStore(store -> {
            store.updateLead(new Lead(lead.id(), lead.chatId(), lead.person(), lead.name(), lead.phone(), lead.company(),
                    lead.lang(), lead.source(), lead.quiz(), lead.lastQuestions(), lead.consentText(), lead.consentAt(),
                    Lead.Status.DONE, "@manager", lead.createdAt()));
            return null;
        });
        assertThat(openLead(501)).isEmpty();
    }

    @Test
    void aSentAgencyMessage_pointsToItsLead() {
        Lead lead = inJdbcStore(store -> store.createLead(lead(501)));
        database.transaction(c -> {
            Outbox outbox = new Outbox(c, json, CLOCK);
            outbox.enqueue(new Outbound.Message(-100, "card", Keyboard.NONE, lead.id()));
            Outbox.Entry entry = outbox.due(Long.MAX_VALUE, 10).get(0);
            outbox.markSent(entry, List.of(41L, 42L));
            return null;
        });
        assertThat(leadOfMessage(-100, 42)).contains(lead.id());
        assertThat(leadOfMessage(-100, 41)).contains(lead.id());
        assertThat(leadOfMessage(-100, 43)).isEmpty();
    }

    @Test
    void isNextOfItsChat_onlyForTheOldestUnsentEntryOfItsChat_onceItIsDue() {
        // A moment after the entries are written (the clock is the system's).
        long now = CLOCK.millis() + 1_000;
        database.transaction(c -> {
            Outbox outbox = new Outbox(c, json, CLOCK);
            Outbox.Entry first = outbox.enqueue(new Outbound.Message(701, "first"));
            Outbox.Entry second = outbox.enqueue(new Outbound.Message(701, "second"));
            Outbox.Entry other = outbox.enqueue(new Outbound.Message(702, "another chat"));
            assertThat(outbox.isNextOfItsChat(first, now)).isTrue();
            assertThat(outbox.isNextOfItsChat(second, now)).as("behind the first").isFalse();
            assertThat(outbox.isNextOfItsChat(other, now)).isTrue();

            outbox.retryAt(first, now + 60_000, "429");
            assertThat(outbox.isNextOfItsChat(first, now)).as("waiting for its retry").isFalse();
            assertThat(outbox.isNextOfItsChat(second, now)).as("still behind it").isFalse();
            assertThat(outbox.isNextOfItsChat(first, now + 60_000)).isTrue();

            outbox.markSent(first, List.of(1L));
            assertThat(outbox.isNextOfItsChat(first, now + 60_000)).as("sent").isFalse();
            assertThat(outbox.isNextOfItsChat(second, now)).isTrue();
            return null;
        });
    }

    @Test
    void appendTranscript_ofATurnsLines_keepsTheirOrder_andNoneOfAChatForgottenInTheTurn() {
        inJdbcStore(store -> {
            store.appendTranscript(List.of(
                    new cmoadvisor.conversation.ConversationStore.NewTranscriptLine(601, "in", "а сколько это стоит?"),
                    new cmoadvisor.conversation.ConversationStore.NewTranscriptLine(601, "out", "Три модели работы"),
                    new cmoadvisor.conversation.ConversationStore.NewTranscriptLine(601, "out", "Хотите пройти тест?")));
            return null;
        });
        List<cmoadvisor.conversation.ConversationStore.TranscriptLine> lines = inJdbcStore(store -> store.transcript(601, 10));
        assertThat(lines)
                .extracting(cmoadvisor.conversation.ConversationStore.TranscriptLine::text)
                .containsExactly("а сколько это стоит?", "Три модели работы", "Хотите пройти тест?");

        inJdbcStore(store -> {
            store.forget(602);
            store.appendTranscript(List.of(
                    new cmoadvisor.conversation.ConversationStore.NewTranscriptLine(602, "out", "Ваши данные удалены"),
                    new cmoadvisor.conversation.ConversationStore.NewTranscriptLine(601, "out", "ещё строка")));
            return null;
        });
        assertThat(transcriptSize(602)).isZero();
        assertThat(transcriptSize(601)).isEqualTo(4);
    }

    @Test
    void forget_deletesTheSessionAndTranscript_andStripsLeadsOfPersonalData() {
        Lead lead = inJdbcStore(store -> {
            store.save(new Session(501, ASEL, null, Lang.KY, "fb", new ChatState.Idle(), List.of("a"), null, null));
            store.appendTranscript(501, "in", "менин номерим +996555123456");
            return store.createLead(lead(501));
        });
        database.transaction(c -> {
            UpdateLog updates = new UpdateLog(c, database.dialect(), CLOCK);
            updates.accept(70, 501L, "{\"text\":\"+996555123456\"}");
            updates.markProcessed(70);
            Outbox outbox = new Outbox(c, json, CLOCK);
            outbox.enqueue(new Outbound.Message(-100, "card +996555123456", Keyboard.NONE, lead.id()));
            outbox.markSent(outbox.due(Long.MAX_VALUE, 10).get(0), List.of(77L));
            outbox.enqueue(new Outbound.Message(501, "Спасибо, Асель"));
            outbox.enqueue(new Outbound.LeadWebhook(lead.id(), "http://crm", "{\"phone\":\"+996555123456\"}"));
            store(c).record(new FunnelEvent(
                    501, Kind.ANSWERED, "fb", Lang.KY, null, "менин номерим", T));
            return null;
        });
        cmoadvisor.conversation.ConversationStore.Forgotten told = inJdbcStore(store -> store.forget(501));
        assertThat(told.leadIds()).containsExactly(lead.id());
        assertThat(told.agencyMessages()).containsExactly(
                new cmoadvisor.conversation.ConversationStore.AgencyMessage(-100, 77, lead.id()));
        assertThat(rows("SELECT payload FROM outbox", r -> r.getString(1)))
                .as("nothing to or about the person is kept or sent").containsOnly("{}");
        assertThat(rows("SELECT COUNT(*) FROM outbox WHERE chat_id = 501 OR (sent_at IS NULL AND failed_at IS NULL)", r -> r.getInt(1))).containsExactly(0);
        assertThat(rows("SELECT COALESCE(chat_id, 0) || payload FROM inbound_updates", r -> r.getString(1))).containsExactly("0{}");
        assertThat(rows("SELECT chat_id FROM events", r -> r.getLong(1)))
                .singleElement().satisfies(id -> assertThat(id).isNotEqualTo(501L).isGreaterThan(1L << 52));
        assertThat(session(501)).isEmpty();
        assertThat(transcriptSize(501)).isZero();
        Lead forgotten = inJdbcStore(store -> store.lead(lead.id())).orElseThrow();
        assertThat(forgotten.name()).isNull();
        assertThat(forgotten.phone()).isNull();
        assertThat(forgotten.person().username()).isNull();
        assertThat(forgotten.status()).isEqualTo(Lead.Status.DONE);
        assertThat(forgotten.source()).isEqualTo("fb_ads");
    }

    @Test
    void updateLog_acceptsAnUpdateOnce_andListsThePendingInOrder() {
        database.transaction(c -> {
            UpdateLog log = new UpdateLog(c, database.dialect(), CLOCK);
            log.accept(12, 501L, "{\"update_id\":12}");
            log.accept(10, null, "{\"update_id\":10}");
            log.accept(12, 501L, "{\"update_id\":12,\"again\":true}");
            return null;
        });
        List<UpdateLog.Pending> pending = pendingUpdates();
        assertThat(pending).extracting(UpdateLog.Pending::updateId).containsExactly(10L, 12L);
        assertThat(pending.get(1).payload()).doesNotContain("again");
        database.transaction(c -> {
            UpdateLog log = new UpdateLog(c, database.dialect(), CLOCK);
            log.markProcessed(10);
            log.markFailed(12, "boom", false);
            return null;
        });
        List<UpdateLog.Pending> left = pendingUpdates();
        assertThat(left).singleElement().satisfies(p -> assertThat(p.attempts()).isEqualTo(1));
    }

    @Test
    void outbox_holdsBackALaterMessageToAChat_whileAnEarlierOneWaitsForARetry() {
        database.transaction(c -> {
            Outbox outbox = new Outbox(c, json, CLOCK);
            outbox.enqueue(new Outbound.Message(501, "first"));
            outbox.enqueue(new Outbound.Message(501, "second"));
            outbox.enqueue(new Outbound.Message(502, "other chat"));
            return null;
        });
        List<Outbox.Entry> due = dueMessages(Long.MAX_VALUE - 1);
        assertThat(due).extracting(e -> ((Outbound.Message) e.outbound()).html()).containsExactly("first", "other chat");
        database.transaction(c -> {
            new Outbox(c, json, CLOCK).retryAt(due.get(0), Long.MAX_VALUE, "429");
            return null;
        });
        assertThat(dueMessages(System.currentTimeMillis()))
                .extracting(e -> ((Outbound.Message) e.outbound()).html()).containsExactly("other chat");
    }

    @Test
    void aFailedTransaction_leavesNothingBehind() {
        assertThatThrownBy(() -> inJdbcStore(store -> {
            store.save(new Session(503, ASEL, null, Lang.KY, null, new ChatState.Idle(), List.of(), null, null));
            store.createLead(lead(503));
            throw new IllegalStateException("the engine failed half-way");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(session(503)).isEmpty();
        assertThat(openLead(503)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void prune_removesWhatIsDoneAndOlderThanTheCutoff_andKeepsTheRest() {
        long old = T.minus(java.time.Duration.ofDays(100)).toEpochMilli();
        long recent = T.minus(java.time.Duration.ofDays(10)).toEpochMilli();
        long cutoff = T.minus(java.time.Duration.ofDays(90)).toEpochMilli();
        database.transaction(c -> {
            Sql.update(c, "INSERT INTO inbound_updates (update_id, payload, received_at, processed_at) VALUES (1, '{}', ?, ?)",
                    p -> { p.setLong(1, old); p.setLong(2, old); });
            Sql.update(c, "INSERT INTO inbound_updates (update_id, payload, received_at, processed_at) VALUES (2, '{}', ?, NULL)",
                    p -> p.setLong(1, old));
            Sql.update(c, "INSERT INTO inbound_updates (update_id, payload, received_at, processed_at) VALUES (3, '{}', ?, ?)",
                    p -> { p.setLong(1, recent); p.setLong(2, recent); });
            for (long[] row : new long[][]{{old, 1, 0}, {old, 0, 1}, {old, 0, 0}, {recent, 1, 0}}) {
                Sql.update(c, "INSERT INTO outbox (chat_id, payload, created_at, next_attempt_at, sent_at, failed_at) "
                        + "VALUES (1, '{}', ?, ?, ?, ?)", p -> {
                    p.setLong(1, row[0]);
                    p.setLong(2, row[0]);
                    if (row[1] == 1) { p.setLong(3, row[0]); } else { p.setNull(3, java.sql.Types.BIGINT); }
                    if (row[2] == 1) { p.setLong(4, row[0]); } else { p.setNull(4, java.sql.Types.BIGINT); }
                });
            }
            Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (1, 'in', 'old', ?)", p -> p.setLong(1, old));
            Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (1, 'in', 'new', ?)", p -> p.setLong(1, recent));
            return null;
        });
        Retention.Pruned pruned = database.transaction(c -> new Retention(c).prune(cutoff));
        assertThat(pruned).isEqualTo(new Retention.Pruned(1, 2, 1));
        List<Long> updates = database.transaction(c -> Sql.list(c, "SELECT update_id FROM inbound_updates ORDER BY update_id",
                p -> { }, r -> r.getLong(1)));
        assertThat(updates).as("unprocessed and recent updates stay").containsExactly(2L, 3L);
        List<Long> outbox = database.transaction(c -> Sql.list(c, "SELECT COUNT(*) FROM outbox", p -> { }, r -> r.getLong(1)));
        assertThat(outbox).as("a pending entry and a recent one stay").containsExactly(2L);
    }

    @Test
    void transaction_whoseCommitFails_isRunAgainOnAFreshConnection() {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<java.sql.Connection> connections = new java.util.ArrayList<>();
        inJdbcStore(store -> {
            store.save(new Session(504, ASEL, null, Lang.KY, null, new ChatState.Idle(), List.of(), null, null));
            return null;
        });
        String stored = database.transaction(c -> {
            connections.add(c);
            if (runs.incrementAndGet() == 1) {
                throw new java.sql.SQLException("[SQLITE_FULL] database or disk is full");
            }
            return store(c).session(504).orElseThrow().person().username();
        });
        assertThat(stored).isEqualTo("asel_kg");
        assertThat(runs).hasValue(2);
        assertThat(connections.get(1)).as("the failed connection is replaced").isNotSameAs(connections.get(0));
    }

    @Test
    void transaction_thatFailsTwice_tellsTheFaultWatch_andTheNextSuccessToo() {
        java.util.List<String> told = new java.util.ArrayList<>();
        database.withFaultWatch(new FaultWatch() {
            @Override
            public void failed(StorageException fault) {
                told.add("failed");
            }

            @Override
            public void succeeded() {
                told.add("ok");
            }
        });
        assertThatThrownBy(() -> database.transaction(c -> {
            throw new java.sql.SQLException("disk I/O error");
        })).isInstanceOf(StorageException.class).hasMessageContaining("disk I/O error");
        assertThatThrownBy(() -> database.transaction(c -> {
            throw new IllegalStateException("the work's own bug, not the database's");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(session(999)).isEmpty();
        assertThat(told).containsExactly("failed", "ok");
    }

    @Test
    void transaction_fromManyThreadsAtOnce_commitsEveryWork_andAWorksOwnFailureReachesOnlyItsCaller() throws Exception {
        int threads = 6;
        int each = 40;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    long chat = 10_000L + thread * 1_000L + i;
                    boolean fails = i % 5 == 0;
                    try {
                        int written = database.transaction(c -> {
                            Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (?, 'in', 'x', 0)",
                                    p -> p.setLong(1, chat));
                            if (fails) {
                                throw new IllegalStateException("work " + chat + " fails after its insert");
                            }
                            return 1;
                        });
                        assertThat(written).isEqualTo(1);
                        assertThat(fails).as("work %s should have failed", chat).isFalse();
                    } catch (IllegalStateException e) {
                        assertThat(e).hasMessage("work " + chat + " fails after its insert");
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (java.util.concurrent.Future<?> f : done) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        int rows = database.transaction(c -> Sql.one(c, "SELECT COUNT(*) FROM transcripts WHERE chat_id >= 10000",
                p -> { }, r -> r.getInt(1)).orElse(0));
        assertThat(refused.get()).isEqualTo(threads * each / 5);
        assertThat(rows).as("every work that did not fail, and none that did").isEqualTo(threads * each * 4 / 5);
    }

    @Test
    void transaction_whoseWorkThrowsAnError_leavesNothingForTheNextCommit() {
        assertThatThrownBy(() -> database.transaction(c -> {
            Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-81, 'in', 'half done', 0)", p -> { });
            throw new AssertionError("not an exception: an error");
        })).isInstanceOf(AssertionError.class);
        database.transaction(c -> Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-82, 'in', 'next', 0)", p -> { }));
        int rows = database.transaction(c -> Sql.one(c, "SELECT COUNT(*) FROM transcripts WHERE chat_id = -81",
                p -> { }, r -> r.getInt(1)).orElse(0));
        assertThat(rows).isZero();
    }

    @Test
    void add_withAClaim_claimsTheEntry_andKnowsItsTurn_onlyWhenNothingOfItsChatIsOlderAndUnsent() {
        long now = CLOCK.millis();
        Outbox.Claim claim = new Outbox.Claim("sender-a", now + 30_000, now + 15_000);
        List<Outbox.Entry> entries = database.transaction(c -> {
            Outbox outbox = new Outbox(c, json, CLOCK);
            Outbox.Queued first = outbox.add(new Outbound.Message(801, "first"), claim);
            Outbox.Queued second = outbox.add(new Outbound.Message(801, "second"), claim);
            Outbox.Queued other = outbox.add(new Outbound.Message(802, "another chat"), claim);
            Outbox.Queued unclaimed = outbox.add(new Outbound.Message(803, "no claim"), null);
            Sql.flush(c);
            return List.of(first.entry(), second.entry(), other.entry(), unclaimed.entry());
        });
        assertThat(entries).extracting(entry -> entry.turnKnownAt(now)).containsExactly(true, false, true, false);
        assertThat(entries.get(0).turnKnownAt(now + 15_000)).isFalse();
        assertThat(rows("SELECT claimed_by FROM outbox WHERE chat_id IN (801, 802, 803) ORDER BY id", r -> String.valueOf(r.getString(1))))
                .containsExactly("sender-a", "sender-a", "sender-a", "null");
        // Another sender cannot take what the claim holds.
        boolean taken = database.transaction(c -> new Outbox(c, json, CLOCK).claim(entries.get(2), "sender-b", now, now + 30_000));
        assertThat(taken).isFalse();
    }

    @Test
    void later_writesGoBeforeTheNextStatement_inTheOrderMade() {
        long[] id = {0};
        String seen = database.transaction(c -> {
            Sql.later(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (?, 'in', ?, 0) RETURNING id", p -> {
                p.setLong(1, -91);
                p.setString(2, "first");
            }, r -> {
                id[0] = r.getLong(1);
                return null;
            });
            Sql.later(c, "UPDATE transcripts SET text = ? WHERE chat_id = ?", p -> {
                p.setString(1, "second");
                p.setLong(2, -91);
            });
            return Sql.one(c, "SELECT text FROM transcripts WHERE chat_id = ?", p -> p.setLong(1, -91), r -> r.getString(1)).orElse(null);
        });
        assertThat(seen).isEqualTo("second");
        assertThat(id[0]).isPositive();
    }

    @Test
    void later_writesLeftAtTheEndOfAWork_areCommittedWithIt() {
        database.transaction(c -> {
            Sql.later(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-92, 'in', 'last', 0)", p -> { });
            return null;
        });
        assertThat(rows("SELECT text FROM transcripts WHERE chat_id = -92", r -> r.getString(1))).containsExactly("last");
    }

    @Test
    void later_whoseWriteFails_failsTheStatementAfterIt_andTheWholeWork() {
        database.transaction(c -> Sql.update(c, "INSERT INTO sessions (chat_id, data, updated_at) VALUES (-93, '{}', 0)", p -> { }));
        assertThatThrownBy(() -> database.transaction(c -> {
            Sql.later(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-93, 'in', 'before', 0)", p -> { });
            Sql.later(c, "INSERT INTO sessions (chat_id, data, updated_at) VALUES (-93, '{}', 0)", p -> { });
            return Sql.one(c, "SELECT COUNT(*) FROM transcripts", p -> { }, r -> r.getInt(1));
        })).isInstanceOf(StorageException.class);
        assertThat(rows("SELECT text FROM transcripts WHERE chat_id = -93", r -> r.getString(1))).isEmpty();
        database.transaction(c -> Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-94, 'in', 'after', 0)", p -> { }));
        assertThat(rows("SELECT text FROM transcripts WHERE chat_id = -94", r -> r.getString(1))).containsExactly("after");
    }

    @Test
    void later_inAWorkThatThrows_isNeverWritten_norLeftForTheNextWork() {
        assertThatThrownBy(() -> database.transaction(c -> {
            Sql.later(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-95, 'in', 'abandoned', 0)", p -> { });
            throw new IllegalStateException("the work fails before anything else is sent");
        })).isInstanceOf(IllegalStateException.class);
        database.transaction(c -> Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-96, 'in', 'next', 0)", p -> { }));
        assertThat(rows("SELECT chat_id FROM transcripts WHERE chat_id IN (-95, -96)", r -> r.getLong(1))).containsExactly(-96L);
    }

    @Test
    void later_beforeAStatementOfTheConnectionsOwn_isWrittenFirst() {
        long count = database.transaction(c -> {
            Sql.later(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-97, 'in', 'ahead', 0)", p -> { });
            try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(
                    "SELECT COUNT(*) FROM transcripts WHERE chat_id = -97")) {
                r.next();
                return r.getLong(1);
            }
        });
        assertThat(count).isEqualTo(1);
    }

    @Test
    void transaction_askedForInsideAWork_isPartOfIt_andRollsBackWithIt() {
        assertThatThrownBy(() -> database.transaction(outer -> {
            Sql.update(outer, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-71, 'in', 'outer', 0)", p -> { });
            database.transaction(inner -> Sql.update(inner,
                    "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-72, 'in', 'inner', 0)", p -> { }));
            throw new IllegalStateException("the outer work fails after the inner one");
        })).isInstanceOf(IllegalStateException.class);
        int rows = database.transaction(c -> Sql.one(c, "SELECT COUNT(*) FROM transcripts WHERE chat_id IN (-71, -72)",
                p -> { }, r -> r.getInt(1)).orElse(0));
        assertThat(rows).isZero();
    }

    /** How this database loses its connection under a running bot (a restart, a dead socket). */
    protected void breakTheConnection() {
    }

    @Test
    void transaction_afterTheConnectionBroke_reconnects() {
        inJdbcStore(store -> {
            store.save(new Session(505, ASEL, null, Lang.KY, null, new ChatState.Idle(), List.of(), null, null));
            return null;
        });
        breakTheConnection();
        assertThat(session(505)).isPresent();
        inJdbcStore(store -> {
            store.save(new Session(506, ASEL, null, Lang.RU, null, new ChatState.Idle(), List.of(), null, null));
            return null;
        });
        assertThat(session(506)).isPresent();
    }

    /** A second connection to the same database, as a second instance of the bot would have. */
    protected abstract Database openAgain();

    @Test
    void claimLead_byTwoManagersAtOnce_onTwoConnections_hasExactlyOneWinner() throws Exception {
        Lead lead = inJdbcStore(store -> store.createLead(lead(507)));
        try (Database other = openAgain()) {
            for (int round = 0; round < 10; round++) {
                long id = round == 0 ? lead.id() : inJdbcStore(store -> store.createLead(lead(507))).id();
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
                try {
                    java.util.concurrent.Future<Boolean> asel = two.submit(() -> claim(database, id, "@asel", together));
                    java.util.concurrent.Future<Boolean> bolot = two.submit(() -> claim(other, id, "@bolot", together));
                    boolean aselWon = asel.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    boolean bolotWon = bolot.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(aselWon ^ bolotWon).as("exactly one of the two presses wins, round " + round).isTrue();
                    String owner = storedLead(id).orElseThrow().takenBy();
                    assertThat(owner).isEqualTo(aselWon ? "@asel" : "@bolot");
                } finally {
                    two.shutdownNow();
                }
            }
        }
    }

    private boolean claim(Database db, long leadId, String who, java.util.concurrent.CyclicBarrier together) throws Exception {
        together.await(10, java.util.concurrent.TimeUnit.SECONDS);
        return db.transaction(c -> new JdbcConversationStore(c, json, db.dialect(), CLOCK).claimLead(leadId, who));
    }

    @Test
    void releaseLead_makesATakenLeadOpenAgain_onlyWhenTaken() {
        Lead lead = inJdbcStore(store -> store.createLead(lead(508)));
        boolean releasedOpen = inJdbcStore(store -> store.releaseLead(lead.id()));
        boolean claimed = inJdbcStore(store -> store.claimLead(lead.id(), "@asel"));
        boolean released = inJdbcStore(store -> store.releaseLead(lead.id()));
        assertThat(releasedOpen).as("an open lead has nothing to release").isFalse();
        assertThat(claimed).isTrue();
        assertThat(released).isTrue();
        Lead open = storedLead(lead.id()).orElseThrow();
        assertThat(open.status()).isEqualTo(Lead.Status.OPEN);
        assertThat(open.takenBy()).isNull();
    }

    private void event(long chatId, Kind kind, String at) {
        inJdbcStore(store -> {
            store.record(new FunnelEvent(chatId, kind, "fb_ads", Lang.RU, null, null, Instant.parse(at)));
            return null;
        });
    }

    @Test
    void weeks_countEachStepOncePerChat_inWeeksFromMondayUtc() {
        event(1, Kind.STARTED, "2026-11-23T00:00:00Z");
        // An answer and a decline are one chat that asked.
        event(1, Kind.ANSWERED, "2026-11-24T09:00:00Z");
        event(1, Kind.DECLINED, "2026-11-25T09:00:00Z");
        event(5, Kind.UNSURE, "2026-11-25T09:00:00Z");
        event(2, Kind.STARTED, "2026-11-22T23:59:59.999Z");
        event(3, Kind.LEAD_DONE, "2026-11-10T12:00:00Z");
        event(4, Kind.STARTED, "2026-08-31T12:00:00Z");

        List<Analytics.Week> weeks = database.transaction(c -> new Analytics(c).weeks(12, T.toEpochMilli()));

        assertThat(weeks).hasSize(12);
        assertThat(weeks.get(0).monday()).isEqualTo(java.time.LocalDate.parse("2026-09-07"));
        assertThat(weeks.get(11).monday()).isEqualTo(java.time.LocalDate.parse("2026-11-23"));
        assertThat(weeks.get(11).chats()).containsExactly(1, 1, 0, 0, 0, 0, 0, 0);
        assertThat(weeks.get(10).chats()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(weeks.get(9).chats()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(weeks.subList(0, 9)).allSatisfy(w -> assertThat(w.chats()).containsOnly(0));
    }

    @Test
    void report_countsReminders_andWhatFollowed() {
        event(1, Kind.REMINDED, "2026-11-24T09:00:00Z");
        event(1, Kind.CAME_BACK, "2026-11-24T10:00:00Z");
        event(1, Kind.LEFT_CONTACTS, "2026-11-24T11:00:00Z");
        event(2, Kind.REMINDED, "2026-11-24T09:00:00Z");
        event(3, Kind.LEFT_CONTACTS, "2026-11-24T11:00:00Z");
        Analytics.Report report = database.transaction(c -> new Analytics(c).report(30, T.toEpochMilli()));
        assertThat(report.reminded()).isEqualTo(new Analytics.Reminded(2, 1, 1));
    }

    @Test
    void claim_givesEachChatToOneInstanceAtATime_inOrder_untilItsLeaseRunsOut() {
        database.transaction(c -> {
            UpdateLog log = new UpdateLog(c, database.dialect(), CLOCK);
            log.accept(1, 601L, "{}");
            log.accept(2, 602L, "{}");
            log.accept(3, 601L, "{}");
            return null;
        });
        long now = CLOCK.millis();
        List<UpdateLog.Pending> first = database.transaction(c -> new UpdateLog(c, database.dialect(), CLOCK).claim("a", now, now + 15_000, 2));
        assertThat(first).extracting(UpdateLog.Pending::updateId).containsExactly(1L, 2L);
        List<UpdateLog.Pending> second = database.transaction(c -> new UpdateLog(c, database.dialect(), CLOCK).claim("b", now, now + 15_000, 10));
        assertThat(second).as("chat 601 is a's while its claim lasts, so its update 3 waits too").isEmpty();

        boolean done = database.transaction(c -> new UpdateLog(c, database.dialect(), CLOCK).markProcessed(2, false));
        assertThat(done).isTrue();
        List<UpdateLog.Pending> later = database.transaction(c -> new UpdateLog(c, database.dialect(), CLOCK).claim("b", now + 16_000, now + 31_000, 10));
        assertThat(later).as("a died: its claim ran out").extracting(UpdateLog.Pending::updateId).containsExactly(1L, 3L);
        boolean again = database.transaction(c -> new UpdateLog(c, database.dialect(), CLOCK).markProcessed(2, false));
        assertThat(again).as("processed once").isFalse();
    }

    @Test
    void outboxClaim_letsOneSenderHaveAnEntry_untilItsLeaseRunsOut() {
        Outbox.Entry entry = database.transaction(c -> {
            Outbox outbox = new Outbox(c, json, CLOCK);
            outbox.enqueue(new Outbound.Message(601, "hello"));
            return outbox.due(CLOCK.millis() + 1, 10).get(0);
        });
        long now = CLOCK.millis();
        assertThat(holdsOutbox(c -> c.claim(entry, "a", now, now + 30_000))).isTrue();
        assertThat(holdsOutbox(c -> c.claim(entry, "b", now, now + 30_000))).isFalse();
        assertThat(holdsOutbox(c -> c.claim(entry, "b", now + 31_000, now + 61_000))).as("a's lease ran out").isTrue();
        database.transaction(c -> {
            new Outbox(c, json, CLOCK).markSent(entry, List.of(7L));
            return null;
        });
        assertThat(holdsOutbox(c -> c.claim(entry, "a", now + 62_000, now + 90_000))).as("sent: nobody's").isFalse();
    }

    private boolean holdsOutbox(Function<Outbox, Boolean> work) {
        return database.transaction(c -> work.apply(new Outbox(c, json, CLOCK)));
    }
}
