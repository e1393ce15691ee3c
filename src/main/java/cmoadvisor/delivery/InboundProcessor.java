package cmoadvisor.delivery;

import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.conversation.ConversationStore;
import cmoadvisor.conversation.Inbound;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.conversation.Person;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.JdbcConversationStore;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Outbox;
import cmoadvisor.storage.SessionCache;
import cmoadvisor.storage.UpdateLog;
import cmoadvisor.text.Html;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the conversation engine for each inbound event in one transaction: the new session, any lead, the
 * replies (into the outbox) and the transcript are committed together, or not at all. Telegram updates
 * come from the update log in order; the console hands its lines in directly.
 */
public final class InboundProcessor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);
    /** An update that fails this often is set aside so that it does not hold up the ones after it. */
    static final int MAX_ATTEMPTS = 3;
    /** How long a manager's reply waits for the record of the message it answers (see below). */
    private static final int REPLY_WAITS = 5;
    private static final Duration REPLY_WAIT = Duration.ofMillis(100);
    private static final int BATCH = 50;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final Database database;
    private final Json json;
    private final Supplier<ConversationEngine> engine;
    private final MessageGateway gateway;
    private final OutboxSender sender;
    private final Function<String, Optional<Inbound>> decoder;
    private final Clock clock;
    private java.util.concurrent.Executor sideCalls = Runnable::run;
    private final Worker worker;
    private AdminAlerts alerts;

    /**
     * @param decoder turns a stored update into an event, or empty for updates the bot ignores
     */
    public InboundProcessor(Database database, Json json, Supplier<ConversationEngine> engine, MessageGateway gateway,
                            OutboxSender sender, Function<String, Optional<Inbound>> decoder, Clock clock) {
        this.database = database;
        this.json = json;
        this.engine = engine;
        this.gateway = gateway;
        this.sender = sender;
        this.decoder = decoder;
        this.clock = clock;
        // Updates still pending after a failure are retried on this schedule.
        this.worker = new Worker("inbound-processor", () -> {
            processPending();
            return clock.millis() + RETRY_PAUSE.toMillis();
        }, clock);
    }

    private boolean aloneOnTheDatabase;
    private FreshUpdates fresh = new FreshUpdates();

    /** Where the events of the updates this process stored wait, already read (see {@link FreshUpdates}). */
    public InboundProcessor withFreshUpdates(FreshUpdates fresh) {
        this.fresh = fresh;
        return this;
    }

    /**
     * This process is the only one on the database (SQLite, held by {@code ProcessLock}): updates need no
     * claim, which would cost a write per round, and the turns take their sessions from a {@link SessionCache}.
     */
    public InboundProcessor aloneOnTheDatabase() {
        this.aloneOnTheDatabase = true;
        this.sessions = new SessionCache();
        database.withTransactionListener(sessions);
        return this;
    }

    /** Where this process alone writes the database (see {@link #aloneOnTheDatabase}); null otherwise. */
    private SessionCache sessions;

    private java.util.concurrent.Executor foresight;

    /**
     * Where the messages of a batch are understood and answered ahead of their turns, while the turns run one
     * after another in the transaction (see {@code ConversationEngine.foresee}); none by default.
     */
    public InboundProcessor withForesight(java.util.concurrent.Executor executor) {
        this.foresight = executor;
        return this;
    }

    /** Who tells the admins of an update set aside; none in the console. */
    public InboundProcessor withAlerts(AdminAlerts alerts) {
        this.alerts = alerts;
        return this;
    }

    /**
     * Where the calls that are not the conversation's answer run (typing, button answers, button edits),
     * so that a slow one does not hold up the next update; on the caller's thread by default (the console).
     */
    public InboundProcessor withSideCalls(java.util.concurrent.Executor executor) {
        this.sideCalls = executor;
        return this;
    }

    /** How long an update claimed by this instance is left to it; one that dies leaves it to the others after that. */
    static final java.time.Duration CLAIM_LEASE = java.time.Duration.ofSeconds(15);
    /** Who this instance is in the update log's claims. */
    private final String claimant = "updates-" + java.util.UUID.randomUUID();

    private static final class ProcessedElsewhere extends RuntimeException {
        ProcessedElsewhere() {
            super(null, null, false, false);
        }
    }

    /** Handles one event now (the console); replies wait in the outbox. */
    public void handle(Inbound inbound) {
        Effects effects = database.transaction(c ->
                apply(c, new JdbcConversationStore(c, json, database.dialect(), clock, sessions), inbound));
        sendEphemeral(effects.ephemeral());
        sender.wake();
    }

    /**
     * Processes every stored update not processed yet, oldest first; returns how many. An update that fails
     * holds up the later updates of its own chat only (their order matters), not the other chats'; it is
     * tried again at the next round, and after {@link #MAX_ATTEMPTS} it is set aside.
     *
     * <p>The updates of a claim are processed in one transaction (a commit waits for the disk; one commit for
     * a burst instead of one per update). When one of them fails or that transaction cannot commit, it is
     * rolled back and they are processed one transaction each, as a lone update always is, and as is one that
     * must wait (see {@link #repliesToAMessageStillBeingSent}).
     */
    public int processPending() {
        int processed = 0;
        while (true) {
            long now = clock.millis();
            List<UpdateLog.Pending> batch = database.transaction(c -> aloneOnTheDatabase
                    ? new UpdateLog(c, database.dialect(), clock).pending(BATCH)
                    : new UpdateLog(c, database.dialect(), clock).claim(claimant, now, now + CLAIM_LEASE.toMillis(), BATCH));
            if (batch.isEmpty()) {
                return processed;
            }
            java.util.Set<Long> heldUp = new java.util.HashSet<>();
            List<Decoded> decodedBatch = batch.stream().map(this::decode).toList();
            foreseeBatch(decodedBatch);
            // Outside the transaction, where the turns would otherwise wait for their answers holding the store.
            engine.get().prepare(decodedBatch.stream().flatMap(d -> d.inbound().stream()).toList());
            List<Decoded> run = new ArrayList<>();
            for (Decoded read : decodedBatch) {
                Decoded decoded = withWaiting(read);
                if (decoded.failure() == null && !decoded.mustWait()) {
                    run.add(decoded);
                    continue;
                }
                processed += processTogether(run, heldUp);
                run.clear();
                if (!heldUp.contains(EVERYONE)) {
                    processed += processAlone(List.of(decoded), heldUp);
                }
                if (heldUp.contains(EVERYONE)) {
                    return processed;
                }
            }
            processed += processTogether(run, heldUp);
            if (!heldUp.isEmpty()) {
                // The held-up updates are at the head of every batch until retried: the next round takes them.
                return processed;
            }
        }
    }

    /**
     * Starts understanding and answering these events beside the turns before them (see
     * {@link #withForesight}): the poller calls it as soon as it has stored them, and a batch read from the
     * database (stored before a restart, or by another instance) gets it here. An event foreseen twice is
     * worked out once.
     */
    public void foresee(List<Inbound> events) {
        if (foresight == null) {
            return;
        }
        ConversationEngine current = engine.get();
        events.forEach(event -> current.foresee(event, foresight));
    }

    private void foreseeBatch(List<Decoded> batch) {
        if (batch.size() > 1) {
            // A lone update's turn starts at once: there is nothing to do beside it.
            foresee(batch.stream().flatMap(d -> d.inbound().stream()).toList());
        }
    }

    /** Among the chats held up: an update of no known chat failed, which could be anyone's. */
    private static final long EVERYONE = Long.MIN_VALUE;

    /** A stored update read back as an event (empty: one the bot ignores), or why it could not be read. */
    private record Decoded(UpdateLog.Pending update, Optional<Inbound> inbound, RuntimeException failure, boolean mustWait) {
    }

    private Decoded decode(UpdateLog.Pending update) {
        try {
            return new Decoded(update, fresh.take(update.updateId()).orElseGet(() -> decoder.apply(update.payload())), null, false);
        } catch (RuntimeException e) {
            return new Decoded(update, Optional.empty(), e, false);
        }
    }

    /** Looked at when its turn comes, after the updates before it: they may have sent what it waits for. */
    private Decoded withWaiting(Decoded decoded) {
        if (decoded.failure() != null || decoded.inbound().isEmpty()) {
            return decoded;
        }
        try {
            return new Decoded(decoded.update(), decoded.inbound(), null, repliesToAMessageStillBeingSent(decoded.inbound().get()));
        } catch (RuntimeException e) {
            return new Decoded(decoded.update(), decoded.inbound(), e, false);
        }
    }

    /**
     * What a turn leaves to do once its transaction is committed: the calls sent at once (button answers,
     * edits), and the entries it wrote into the outbox, handed to the sender.
     */
    private record Effects(List<Outbound> ephemeral, List<Outbox.Queued> queued) {
        static final Effects NONE = new Effects(List.of(), List.of());
    }

    /** After the commit: the calls sent at once, and the new outbox entries handed to the sender. */
    private void committed(List<Effects> done) {
        List<Outbox.Entry> queued = new ArrayList<>();
        for (Effects effects : done) {
            sendEphemeral(effects.ephemeral());
            effects.queued().forEach(entry -> queued.add(entry.entry()));
        }
        sender.handOver(queued);
    }

    /**
     * The updates in one transaction, skipping chats held up; returns how many were processed. Without a
     * savepoint each (on PostgreSQL two round trips an update): when one of them fails, or was processed by
     * another instance meanwhile, or the database fails, the whole transaction rolls back and each update is
     * processed in a transaction of its own instead, where its own failure holds up its chat alone.
     */
    private int processTogether(List<Decoded> run, java.util.Set<Long> heldUp) {
        if (run.isEmpty()) {
            return 0;
        }
        if (run.size() == 1) {
            return processAlone(run, heldUp);
        }
        List<Effects> committed;
        try {
            committed = database.transaction(c -> {
                List<Effects> done = new ArrayList<>();
                for (Decoded decoded : run) {
                    Long chat = decoded.update().chatId();
                    if (chat == null) {
                        throw new Unbatchable();
                    }
                    if (heldUp.contains(chat)) {
                        continue;
                    }
                    try {
                        done.add(work(c, decoded));
                    } catch (cmoadvisor.storage.StorageException e) {
                        // The database's fault, not the update's: the whole run goes one by one.
                        throw e;
                    } catch (RuntimeException e) {
                        // The update's own failure (or another instance's work): found out again alone.
                        throw new Unbatchable();
                    }
                }
                return done;
            });
        } catch (RuntimeException e) {
            if (!(e instanceof Unbatchable)) {
                log.warn("{} updates could not be processed together ({}); one by one instead", run.size(), where(e));
            }
            return processAlone(run, heldUp);
        }
        committed(committed);
        return committed.size();
    }

    /**
     * The run goes one by one: an update of no known chat (its failure must stop everything after it), or an
     * update whose work failed in the run.
     */
    private static final class Unbatchable extends RuntimeException {
        Unbatchable() {
            super(null, null, false, false);
        }
    }

    private int processAlone(List<Decoded> run, java.util.Set<Long> heldUp) {
        int processed = 0;
        for (Decoded decoded : run) {
            Long chat = decoded.update().chatId();
            if (chat != null && heldUp.contains(chat)) {
                continue;
            }
            if (process(decoded)) {
                processed++;
            } else if (chat != null) {
                heldUp.add(chat);
            } else {
                // Nothing after an update of no known chat goes before it: the next round starts there.
                heldUp.add(EVERYONE);
                return processed;
            }
        }
        return processed;
    }

    /** One update's work inside the transaction of {@code c}: the engine, then the update marked processed. */
    private Effects work(java.sql.Connection c, Decoded decoded) {
        JdbcConversationStore store = new JdbcConversationStore(c, json, database.dialect(), clock, sessions);
        Optional<Inbound> inbound = decoded.inbound();
        Effects rest = inbound.isPresent() ? apply(c, store, inbound.get()) : Effects.NONE;
        boolean forgotten = inbound.isPresent() && store.forgot(inbound.get().chatId());
        if (!new UpdateLog(c, database.dialect(), clock).markProcessed(decoded.update().updateId(), forgotten)) {
            // Another instance finished it after this one's claim ran out: its work stands, this is undone.
            throw new ProcessedElsewhere();
        }
        return rest;
    }

    /** Processes one update in a transaction of its own; false when it failed and waits to be tried again. */
    private boolean process(Decoded decoded) {
        if (decoded.failure() != null) {
            return recordFailure(decoded, decoded.failure());
        }
        try {
            for (int wait = 0; wait < REPLY_WAITS && decoded.mustWait()
                    && repliesToAMessageStillBeingSent(decoded.inbound().get()); wait++) {
                Thread.sleep(REPLY_WAIT.toMillis());
            }
            Effects effects = database.transaction(c -> work(c, decoded));
            committed(List.of(effects));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ProcessedElsewhere e) {
            log.info("update {} was processed by another instance meanwhile", decoded.update().updateId());
            return true;
        } catch (RuntimeException e) {
            return recordFailure(decoded, e);
        }
    }

    /**
     * Records a failed attempt, and after {@link #MAX_ATTEMPTS} sets the update aside; true when it was set
     * aside (it no longer holds up its chat).
     */
    private boolean recordFailure(Decoded decoded, RuntimeException e) {
        UpdateLog.Pending update = decoded.update();
        int attempt = update.attempts() + 1;
        Person from = decoded.inbound().map(Inbound::from).orElse(null);
        boolean setAside = attempt >= MAX_ATTEMPTS;
        // Where it failed, not the exception's message: that may quote what the person wrote.
        String failure = where(e);
        log.error("update {} failed (attempt {}): {}{}", update.updateId(), attempt, failure,
                setAside ? "; setting it aside" : "");
        try {
            database.transaction(c -> {
                new UpdateLog(c, database.dialect(), clock).markFailed(update.updateId(), failure, setAside);
                if (setAside) {
                    setAside(c, update, from, attempt, e);
                }
                return null;
            });
            if (setAside) {
                sender.wake();
            }
        } catch (RuntimeException recordFailure) {
            e.addSuppressed(recordFailure);
            log.error("could not record the failure of update {}", update.updateId(), recordFailure);
            return false;
        }
        return setAside;
    }

    /**
     * A manager can reply to a card in the moment between Telegram taking it and the bot recording which
     * lead it is about: such a reply waits a moment for that record instead of being answered "which
     * lead?". Only while something about a lead is still unsent to the agency chat, and at most half a second.
     */
    private boolean repliesToAMessageStillBeingSent(Inbound inbound) {
        ConversationEngine current = engine.get();
        if (!(inbound instanceof Inbound.Text text) || text.replyTo() == null || text.chatId() != current.agencyChatId()) {
            return false;
        }
        return database.transaction(c -> new JdbcConversationStore(c, json, database.dialect(), clock, sessions)
                .leadOfAgencyMessage(text.chatId(), text.replyTo()).isEmpty()
                && new Outbox(c, json, clock).hasUnsentAboutALead(text.chatId()));
    }

    /** The person hears that something went wrong; the admins hear which update, and where it failed. */
    private void setAside(java.sql.Connection c, UpdateLog.Pending update, Person from, int attempts, RuntimeException e) {
        Outbox outbox = new Outbox(c, json, clock);
        if (update.chatId() != null) {
            engine.get().apologise(update.chatId(), from, new JdbcConversationStore(c, json, database.dialect(), clock, sessions))
                    .forEach(outbox::enqueue);
        }
        if (alerts != null) {
            alerts.enqueue(outbox, "admin_update_set_aside", "chat", update.chatId() == null ? "?" : update.chatId(),
                    "update", update.updateId(), "attempts", attempts, "error", where(e));
        }
    }

    /**
     * The failure without its message, which may quote what the person wrote: the exception's class and the
     * first line of the bot's own code it passed through.
     */
    static String where(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement frame = java.util.Arrays.stream(root.getStackTrace())
                .filter(f -> f.getClassName().startsWith("cmoadvisor.")).findFirst()
                .orElse(root.getStackTrace().length > 0 ? root.getStackTrace()[0] : null);
        return root.getClass().getSimpleName() + (frame == null ? "" : " at " + frame.getClassName()
                .substring(frame.getClassName().lastIndexOf('.') + 1) + "." + frame.getMethodName() + ":" + frame.getLineNumber());
    }

    /**
     * A reminder that came due (from the outbox): the engine decides in one transaction whether it still
     * applies, and what it sends waits in the outbox like any reply.
     */
    public MessageGateway.Delivery fire(Outbound.Reminder reminder) {
        database.transaction(c -> {
            JdbcConversationStore store = new JdbcConversationStore(c, json, database.dialect(), clock, sessions);
            List<ConversationStore.NewTranscriptLine> said = new ArrayList<>();
            enqueue(c, engine.get(), engine.get().onReminder(reminder, store, clock.instant()), said, null);
            store.appendTranscript(said);
            return null;
        });
        sender.wake();
        return new MessageGateway.Delivery.Sent(List.of());
    }

    /** The engine's work for one event, inside the transaction of {@code c}. */
    private Effects apply(java.sql.Connection c, JdbcConversationStore store, Inbound inbound) {
        ConversationEngine current = engine.get();
        if (inbound.chatId() < 0 && inbound.chatId() != current.agencyChatId()) {
            // How an admin finds the agency group's id when setting the bot up (see the README).
            log.info("a message in group chat {}, which is not AGENCY_CHAT_ID ({}); the bot ignores it",
                    inbound.chatId(), current.agencyChatId());
        }
        List<Outbound> replies = current.handle(inbound, store, clock.instant());
        List<ConversationStore.NewTranscriptLine> said = new ArrayList<>();
        boolean privateChat = inbound.chatId() > 0;
        if (privateChat && inbound instanceof Inbound.Text text) {
            said.add(new ConversationStore.NewTranscriptLine(inbound.chatId(), "in", text.text()));
        }
        // Handed to this instance's sender after the commit: claimed for it as they are written.
        Effects effects = enqueue(c, current, replies, said, sender.claimForHandOver());
        store.appendTranscript(said);
        return effects;
    }

    /** The durable replies into the outbox, and what the prospect is told into {@code said}, their transcript's lines. */
    private Effects enqueue(java.sql.Connection c, ConversationEngine current, List<Outbound> replies,
                            List<ConversationStore.NewTranscriptLine> said, Outbox.Claim claim) {
        Outbox outbox = new Outbox(c, json, clock);
        List<Outbound> ephemeral = new ArrayList<>();
        List<Outbox.Queued> queued = new ArrayList<>();
        for (Outbound reply : replies) {
            if (reply.durable()) {
                queued.add(outbox.add(reply, claim));
            } else {
                ephemeral.add(reply);
            }
            if (reply instanceof Outbound.Message message && message.chatId() > 0
                    && message.chatId() != current.agencyChatId()) {
                said.add(new ConversationStore.NewTranscriptLine(message.chatId(), "out", Html.toPlainText(message.html())));
            }
        }
        return new Effects(ephemeral, queued);
    }

    private void sendEphemeral(List<Outbound> ephemeral) {
        for (Outbound o : ephemeral) {
            sideCalls.execute(() -> {
                try {
                    if (o instanceof Outbound.ButtonAnswer answer) {
                        gateway.answerButton(answer.callbackId(), answer.text(), answer.alert());
                    } else if (o instanceof Outbound.EditButtons edit) {
                        gateway.editButtons(edit.chatId(), edit.messageId(), edit.keyboard());
                    }
                } catch (RuntimeException e) {
                    log.warn("could not send {}: {}", o.getClass().getSimpleName(), e.toString());
                }
            });
        }
    }

    /** Starts processing stored updates in the background, woken by {@link #wake()}. */
    public void start() {
        worker.start();
    }

    public void wake() {
        worker.wake();
    }

    @Override
    public void close() {
        worker.close();
    }
}
