package cmoadvisor.delivery;

import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Delivers the outbox: what is in it was committed with the state that produced it, so a notification is
 * never lost; it is marked sent right after Telegram accepts it, so it goes out again only if the process
 * dies (or the call times out) between Telegram's acceptance and that mark. Chats are served by several
 * threads at once, each chat's entries one at a time and in order, paced to Telegram's limits
 * ({@link Pacer}). Failures are retried with back-off (doubling from 1 s to 5 min); a 429 holds back the
 * chat it was about for its retry_after, and only 429s for several chats at once hold back everyone.
 */
public final class OutboxSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 50;
    /** Chats served at once: a slow call to one chat holds up only that chat. */
    private static final int SENDERS = 4;
    /** 429s for this many chats within {@link #MANY_LIMITS_WITHIN} mean the bot's own limit, not one chat's. */
    private static final int MANY_LIMITED_CHATS = 3;
    private static final Duration MANY_LIMITS_WITHIN = Duration.ofSeconds(5);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);
    private static final Duration IDLE_WAKE_UP = Duration.ofSeconds(30);
    private static final Duration TYPING_AFTER = Duration.ofMillis(300);
    private static final Duration TYPING_LASTS = Duration.ofSeconds(5);
    /** When typing was last shown in each chat, in elapsed milliseconds. */
    private final java.util.Map<Long, Long> typingShownAt = new java.util.concurrent.ConcurrentHashMap<>();
    private java.util.concurrent.ExecutorService typing;

    private final Database database;
    private final Json json;
    private final MessageGateway gateway;
    private final Clock clock;
    private final Worker worker;
    private volatile long pausedUntil;
    /** Paced by elapsed time, not by the clock: Telegram counts real seconds, whatever a test's clock says. */
    private final Pacer pacer = new Pacer(System::nanoTime);
    private boolean paced = true;
    /** The chats with an entry being delivered right now, and the entry's id. */
    private final java.util.Map<Long, Long> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    /** When each chat last got a 429, for telling one chat's limit from the bot's. */
    private final java.util.Map<Long, Long> recentLimits = new java.util.concurrent.ConcurrentHashMap<>();
    private java.util.concurrent.ExecutorService senders;
    private java.util.concurrent.ScheduledExecutorService paceWaits;
    private AgencyChatGuard guard;
    private AdminAlerts alerts;
    /**
     * Entries Telegram accepted whose "sent" mark the database refused (a full disk): kept until the mark
     * is stored, so that only a crash in that moment, not a database fault, sends a message twice.
     */
    private final java.util.Map<Long, List<Long>> sentButNotMarked = new java.util.concurrent.ConcurrentHashMap<>();

    public OutboxSender(Database database, Json json, MessageGateway gateway, Clock clock) {
        this.database = database;
        this.json = json;
        this.gateway = gateway;
        this.clock = clock;
        this.worker = new Worker("outbox-sender", this::dispatchAndPlanNext, clock);
    }

    /** Who handles the agency group's refusals and tells the admins of refused formatting; none in the console. */
    private io.micrometer.core.instrument.MeterRegistry metrics;

    /** Counts each delivery's outcome (cmo_deliveries{outcome=sent|refused|retried|rate_limited}). */
    public OutboxSender withMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        this.metrics = registry;
        return this;
    }

    private void count(String outcome) {
        if (metrics != null) {
            metrics.counter("cmo_deliveries", "outcome", outcome).increment();
        }
    }

    private boolean aloneOnTheDatabase;

    /**
     * This process is the only one on the database (SQLite, held by {@code ProcessLock}): no other sender
     * can take an entry, so a claim would only cost a commit per round.
     */
    public OutboxSender aloneOnTheDatabase() {
        this.aloneOnTheDatabase = true;
        return this;
    }

    /**
     * Sends as fast as the API answers, without Telegram's limits: only for a stand-in Bot API
     * (TELEGRAM_PACING=off, as the load harness runs the bot), where the limits would measure the pace instead.
     */
    public OutboxSender withoutPacing() {
        this.paced = false;
        return this;
    }

    public OutboxSender withGuards(AgencyChatGuard guard, AdminAlerts alerts) {
        this.guard = guard;
        this.alerts = alerts;
        return this;
    }

    /** Delivers in the background from now on, on {@value #SENDERS} threads. */
    public void start() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        senders = java.util.concurrent.Executors.newFixedThreadPool(SENDERS, r -> {
            Thread t = new Thread(r, "outbox-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        typing = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.MILLISECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "outbox-typing");
                    t.setDaemon(true);
                    return t;
                }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
        paceWaits = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-pace");
            t.setDaemon(true);
            return t;
        });
        worker.start();
    }

    /**
     * Something was enqueued: send it now rather than at the next scheduled look. The next round looks at
     * the database for what is due, as it does for anything it was not handed (see {@link #handOver}).
     */
    public void wake() {
        mustLook.set(true);
        worker.wake();
    }

    /**
     * The database may hold due entries this sender does not know: the next round looks for them. Set by
     * {@link #wake}, at start, after an entry that did not settle, and by whatever enqueues without handing
     * over. A chat's next entry, once one settles, is read with its settling (see {@link #settle}).
     */
    private final java.util.concurrent.atomic.AtomicBoolean mustLook = new java.util.concurrent.atomic.AtomicBoolean(true);
    /** Entries handed over after their commit, not yet taken by the dispatching thread. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Outbox.Entry> handed = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The handed entries waiting for their turn, per chat in id order; the dispatching thread's alone. */
    private final java.util.Map<Long, java.util.ArrayDeque<Outbox.Entry>> known = new java.util.HashMap<>();
    /** When the next look is due whatever happens (an entry's retry, a reminder, another instance's work). */
    private long lookAt = Long.MIN_VALUE;
    /**
     * The last look found as many rows as it asks for: more may be due behind the chats being sent to, and
     * each send that ends looks again (a backlog of many chats drains as fast as they are sent to).
     */
    private volatile boolean backlog;

    /**
     * Entries just committed (the processor's replies): sent without looking at the database for what is due,
     * which under load was the sender's largest cost (a scan of the unsent entries after every send; on
     * PostgreSQL 40% of the server's time). Before it goes, each is checked to be its chat's oldest unsent
     * entry (or claimed on that condition where instances share the outbox), so that a message enqueued
     * elsewhere, or one waiting for its retry, still goes first; when the check fails the sender looks. An
     * entry written with {@link #claimForHandOver}'s claim and found first of its chat then needs no check.
     */
    public void handOver(List<Outbox.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        entries.forEach(this::take);
        worker.wake();
    }

    /**
     * An entry for the dispatching thread: one due now waits among the handed ones; one due later (a
     * reminder, a retry) has its time planned by a look. Not kept where nothing dispatches (the console,
     * which looks at the database after every line).
     */
    private void take(Outbox.Entry entry) {
        if (senders == null) {
            return;
        }
        if (entry.dueAt() <= clock.millis()) {
            handed.add(entry);
        } else {
            mustLook.set(true);
        }
    }

    /** What became of one entry. */
    private enum Outcome { SETTLED, RETRY, PAUSE }

    /**
     * Sends everything due, on the caller's thread (the console does this after every line); returns how
     * many entries were settled: delivered, or refused for good.
     */
    public int deliverDue() {
        int settled = 0;
        while (clock.millis() >= pausedUntil) {
            List<Outbox.Entry> due = database.transaction(c -> new Outbox(c, json, clock).due(clock.millis(), BATCH));
            if (due.isEmpty()) {
                break;
            }
            for (Outbox.Entry entry : due) {
                if (!claim(entry)) {
                    continue;
                }
                Outcome outcome = deliver(entry);
                if (outcome == Outcome.PAUSE) {
                    return settled;
                }
                if (outcome == Outcome.SETTLED) {
                    settled++;
                }
            }
        }
        return settled;
    }

    private Outcome deliver(Outbox.Entry entry) {
        List<Long> alreadySent = sentButNotMarked.get(entry.id());
        if (alreadySent != null) {
            // Telegram took it, the database did not take the mark: mark it now rather than send it twice.
            markSent(entry, new MessageGateway.Delivery.Sent(alreadySent));
            return Outcome.SETTLED;
        }
        MessageGateway.Delivery outcome;
        try {
            outcome = gateway.send(entry.outbound());
        } catch (RuntimeException e) {
            // A gateway bug must not kill the sender: the message is retried like a network failure.
            log.error("sending outbox message {} failed unexpectedly", entry.id(), e);
            outcome = new MessageGateway.Delivery.RetryLater(null, e.toString());
        }
        count(outcome instanceof MessageGateway.Delivery.Sent ? "sent"
                : outcome instanceof MessageGateway.Delivery.RetryLater later ? (later.after() != null ? "rate_limited" : "retried")
                : "refused");
        if (outcome instanceof MessageGateway.Delivery.Sent sent) {
            sentButNotMarked.put(entry.id(), sent.messageIds());
            markSent(entry, sent);
            return Outcome.SETTLED;
        }
        boolean agencyGroup = guard != null && guard.guards(entry);
        if (outcome instanceof MessageGateway.Delivery.ChatMoved moved && agencyGroup) {
            inTransaction((c, outbox) -> guard.moved(c, outbox, entry, moved.newChatId()));
            return Outcome.RETRY;
        }
        if (outcome instanceof MessageGateway.Delivery.ChatUnavailable unavailable && agencyGroup) {
            log.warn("outbox entry {} waits: the agency group refuses messages ({})", entry.id(), unavailable.error());
            inTransaction((c, outbox) -> guard.refused(c, outbox, entry, unavailable));
            return Outcome.RETRY;
        }
        if (!(outcome instanceof MessageGateway.Delivery.RetryLater later)) {
            String error = refusal(outcome);
            log.warn("outbox entry {} ({}) refused for good: {}", entry.id(), entry.outbound().getClass().getSimpleName(), error);
            settle(entry, (c, outbox) -> {
                outbox.markFailed(entry, error);
                if (guard != null) {
                    guard.prospectRefused(c, outbox, entry, error);
                }
            });
            return Outcome.SETTLED;
        }
        Duration wait = later.after() != null ? later.after() : backOff(entry.attempts());
        long next = clock.millis() + wait.toMillis();
        log.warn("outbox entry {} ({}) not delivered ({}); retrying in {} s", entry.id(),
                entry.outbound().getClass().getSimpleName(), later.error(), wait.toSeconds());
        inTransaction((c, outbox) -> outbox.retryAt(entry, next, later.error()));
        // The entry waiting holds back the later entries of its chat; everyone waits only when Telegram
        // limits several chats at once, which is the bot's own limit. A webhook's Retry-After is its own.
        if (later.after() != null && !(entry.outbound() instanceof cmoadvisor.conversation.Outbound.LeadWebhook)
                && limitedManyChats(entry.outbound().orderingKey(), clock.millis())) {
            pausedUntil = Math.max(pausedUntil, next);
            log.warn("Telegram limits several chats at once: all sending waits {} s", wait.toSeconds());
            return Outcome.PAUSE;
        }
        return Outcome.RETRY;
    }

    private static String refusal(MessageGateway.Delivery outcome) {
        if (outcome instanceof MessageGateway.Delivery.Rejected rejected) {
            return rejected.error();
        }
        if (outcome instanceof MessageGateway.Delivery.ChatUnavailable unavailable) {
            return unavailable.error();
        }
        return ((MessageGateway.Delivery.ChatMoved) outcome).error();
    }

    private interface OutboxWork {
        void run(java.sql.Connection c, Outbox outbox) throws java.sql.SQLException;
    }

    /** The work in a transaction; what it enqueues (an alert, a notice to the agency) is looked for next round. */
    private void inTransaction(OutboxWork work) {
        if (database.transactionBeside(c -> {
            Outbox outbox = new Outbox(c, json, clock);
            work.run(c, outbox);
            return outbox.enqueuedAny();
        })) {
            mustLook.set(true);
        }
    }

    private void markSent(Outbox.Entry entry, MessageGateway.Delivery.Sent sent) {
        settle(entry, (c, outbox) -> {
            outbox.markSent(entry, sent.messageIds());
            if (guard != null) {
                guard.delivered(c, outbox, entry);
            }
            if (sent.formattingProblem() != null && alerts != null) {
                log.warn("outbox entry {} went out as plain text: {}", entry.id(), sent.formattingProblem());
                alerts.enqueue(outbox, "admin_message_refused", "chat", entry.outbound().orderingKey(),
                        "reason", sent.formattingProblem());
            }
        });
        sentButNotMarked.remove(entry.id());
    }

    /**
     * Records how an entry settled, and reads its chat's next unsent entry in the same transaction: that one
     * goes next without a look at everything due (a look leaves out the chats being sent to, and anything
     * enqueued for one meanwhile, such as an admin's report or a notice to the agency, waits behind its entry).
     */
    private void settle(Outbox.Entry entry, OutboxWork work) {
        Outbox.Entry[] next = {null};
        inTransaction((c, outbox) -> {
            work.run(c, outbox);
            next[0] = outbox.nextOfChat(entry.outbound().orderingKey()).orElse(null);
        });
        if (next[0] != null) {
            take(next[0]);
        }
    }

    static Duration backOff(int attempts) {
        long seconds = FIRST_RETRY.toSeconds() << Math.min(attempts, 20);
        return seconds >= LONGEST_RETRY.toSeconds() ? LONGEST_RETRY : Duration.ofSeconds(seconds);
    }

    private boolean limitedManyChats(long chat, long now) {
        recentLimits.put(chat, now);
        recentLimits.values().removeIf(at -> at < now - MANY_LIMITS_WITHIN.toMillis());
        return recentLimits.size() >= MANY_LIMITED_CHATS;
    }

    /**
     * One round of the background thread: hands each chat's next due entry to a sender thread (unless the
     * chat has one in flight or its pace says wait), then sleeps until the next entry is due, a pace
     * allows, or a sender finishes.
     */
    /** How long an entry claimed by this instance is left to it: a file may take longer than a message. */
    private static final Duration CLAIM_LEASE = Duration.ofSeconds(30);
    private static final Duration FILE_CLAIM_LEASE = Duration.ofMinutes(3);
    /** Who this instance is in the outbox's claims. */
    private final String claimant = "sender-" + java.util.UUID.randomUUID();

    /** One sender of all the instances on the database sends an entry: false when another has it. */
    private boolean claim(Outbox.Entry entry) {
        return !claimAll(List.of(entry)).isEmpty();
    }

    /**
     * The claim the processor writes with the replies it hands over (see {@code Outbox#add}): this instance's
     * for a message's lease, and the turn found then trusted for half of it, after which the entry is claimed
     * again before it goes (a reply held back by Telegram's pace for that long).
     */
    public Outbox.Claim claimForHandOver() {
        long now = clock.millis();
        return new Outbox.Claim(aloneOnTheDatabase ? null : claimant, now + CLAIM_LEASE.toMillis(),
                now + CLAIM_LEASE.toMillis() / 2);
    }

    private static boolean file(cmoadvisor.conversation.Outbound outbound) {
        return outbound instanceof cmoadvisor.conversation.Outbound.Document
                || outbound instanceof cmoadvisor.conversation.Outbound.Photo
                || outbound instanceof cmoadvisor.conversation.Outbound.AdminTask;
    }

    /**
     * The entries this sender dispatched lately, the dispatching thread's alone: a reply found by a look just
     * before the processor handed it over comes again, and its turn, known when it was written, is then stale.
     * Handed entries arrive within milliseconds of their commit, so the last few thousand suffice.
     */
    private final java.util.Set<Long> dispatched = new java.util.LinkedHashSet<>();
    private static final int DISPATCHED_KEPT = 4096;

    private void remember(long id) {
        dispatched.add(id);
        if (dispatched.size() > DISPATCHED_KEPT) {
            java.util.Iterator<Long> eldest = dispatched.iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Claims the entries in one transaction; returns those this instance got. */
    private List<Outbox.Entry> claimAll(List<Outbox.Entry> entries) {
        if (entries.isEmpty() || aloneOnTheDatabase) {
            return entries;
        }
        long now = clock.millis();
        return database.transactionBeside(c -> {
            Outbox outbox = new Outbox(c, json, clock);
            List<Outbox.Entry> mine = new java.util.ArrayList<>();
            for (Outbox.Entry entry : entries) {
                long until = now + (file(entry.outbound()) ? FILE_CLAIM_LEASE : CLAIM_LEASE).toMillis();
                if (outbox.claim(entry, claimant, now, until)) {
                    mine.add(entry);
                }
            }
            return mine;
        });
    }

    /**
     * "typing…" in a private chat whose next message waits for its pace: an answer that is ready goes out
     * within milliseconds, before a typing action could even be seen, so only a wait is worth showing.
     * Telegram shows the action for about 5 s; it is sent again no sooner, on a thread of its own that
     * drops it when busy (best effort: it must never hold up a message).
     */
    private void showTyping(long chat) {
        long now = System.nanoTime() / 1_000_000;
        Long shown = typingShownAt.get(chat);
        if (shown != null && now - shown < TYPING_LASTS.toMillis()) {
            return;
        }
        typingShownAt.put(chat, now);
        if (typingShownAt.size() > 10_000) {
            typingShownAt.values().removeIf(at -> now - at >= TYPING_LASTS.toMillis());
        }
        typing.execute(() -> {
            try {
                gateway.typing(chat);
            } catch (RuntimeException e) {
                log.debug("typing in a chat failed: {}", e.toString());
            }
        });
    }

    /** Telegram's limits are for its calls; a CRM call, an admin's task or a reminder coming due costs none. */
    private static boolean paced(cmoadvisor.conversation.Outbound outbound) {
        return !(outbound instanceof cmoadvisor.conversation.Outbound.LeadWebhook
                || outbound instanceof cmoadvisor.conversation.Outbound.AdminTask
                || outbound instanceof cmoadvisor.conversation.Outbound.Reminder);
    }

    private long dispatchAndPlanNext() {
        long now = clock.millis();
        long idle = now + IDLE_WAKE_UP.toMillis();
        if (now < pausedUntil) {
            return Math.min(pausedUntil, idle);
        }
        for (Outbox.Entry entry; (entry = handed.poll()) != null; ) {
            java.util.ArrayDeque<Outbox.Entry> chat = known.computeIfAbsent(entry.outbound().orderingKey(), c -> new java.util.ArrayDeque<>());
            long id = entry.id();
            // The entry read after its chat's previous one settled may have been handed over already.
            if (chat.stream().noneMatch(e -> e.id() == id)) {
                chat.add(entry);
            }
        }
        boolean look = mustLook.getAndSet(false) || now >= lookAt;
        List<Outbox.Entry> due;
        if (look) {
            try {
                due = lookUp(now);
            } catch (RuntimeException e) {
                mustLook.set(true);
                throw e;
            }
        } else {
            due = known.entrySet().stream().filter(chat -> !inFlight.containsKey(chat.getKey()))
                    .map(chat -> chat.getValue().peek()).toList();
        }
        long wakeAt = Math.min(idle, lookAt);
        boolean waitingForSenders = !inFlight.isEmpty();
        List<Outbox.Entry> ready = new java.util.ArrayList<>();
        for (Outbox.Entry entry : due) {
            long chat = entry.outbound().orderingKey();
            if (inFlight.putIfAbsent(chat, entry.id()) != null) {
                waitingForSenders = true;
                continue;
            }
            long paceWait = paced && paced(entry.outbound()) && !gateway.costsNothing(entry.outbound()) ? pacer.reserve(chat) : 0;
            if (paceWait > 0) {
                inFlight.remove(chat);
                if (look) {
                    // Only the database knows it: the round its pace wakes looks again.
                    mustLook.set(true);
                }
                if (paceWait >= TYPING_AFTER.toMillis() && chat > 0 && entry.outbound() instanceof cmoadvisor.conversation.Outbound.Message) {
                    showTyping(chat);
                }
                // Real time, like the pace itself, whatever the clock says.
                paceWaits.schedule(worker::wake, paceWait, java.util.concurrent.TimeUnit.MILLISECONDS);
                continue;
            }
            ready.add(entry);
        }
        // By id: an entry's payload may be a long message with buttons, not worth comparing field by field.
        java.util.Set<Long> claimed;
        try {
            claimed = (look ? claimAll(ready) : takeTurns(ready)).stream().map(Outbox.Entry::id)
                    .collect(java.util.stream.Collectors.toSet());
        } catch (RuntimeException e) {
            // The database refused the claims (a full disk): the chats are free for the next round.
            ready.forEach(entry -> inFlight.remove(entry.outbound().orderingKey()));
            mustLook.set(true);
            throw e;
        }
        for (Outbox.Entry entry : ready) {
            long chat = entry.outbound().orderingKey();
            if (!look) {
                known.computeIfPresent(chat, (c, entries) -> {
                    entries.poll();
                    return entries.isEmpty() ? null : entries;
                });
            }
            if (!claimed.contains(entry.id())) {
                // Another instance sends it, or (handed over) an earlier entry of its chat goes first.
                inFlight.remove(chat);
                if (!look) {
                    mustLook.set(true);
                    wakeAt = now;
                }
                continue;
            }
            remember(entry.id());
            senders.execute(() -> {
                boolean settled = false;
                try {
                    settled = deliver(entry) == Outcome.SETTLED;
                } catch (RuntimeException e) {
                    // The database refused the outcome: the entry is still due and is tried again.
                    log.error("outbox entry {}: recording the delivery failed", entry.id(), e);
                } finally {
                    inFlight.remove(chat);
                    if (!settled || backlog) {
                        mustLook.set(true);
                    }
                    worker.wake();
                }
            });
        }
        if (look && backlog && !waitingForSenders) {
            mustLook.set(true);
            return now;
        }
        // A sender finishing, or the pace, wakes this thread for the entries due now and not sent yet.
        return wakeAt;
    }

    /**
     * Looks at the database for the entries due, leaving out the chats being sent to, and plans the next
     * look: when the next entry is due (a retry, a reminder), and at the latest after {@link #IDLE_WAKE_UP}
     * (another instance's entries whose claim ran out).
     */
    private List<Outbox.Entry> lookUp(long now) {
        // Each was committed before it was handed over: the look finds those still unsent. It leaves out the
        // chats being sent to, whose next entries it could not see (they wait behind the one in flight).
        known.keySet().removeIf(chat -> !inFlight.containsKey(chat));
        return database.transactionBeside(c -> {
            Outbox outbox = new Outbox(c, json, clock);
            List<Outbox.Entry> found = outbox.due(now, BATCH, inFlight::containsKey);
            backlog = outbox.lastLookFilled();
            lookAt = Math.min(now + IDLE_WAKE_UP.toMillis(), Math.max(outbox.nextAttemptAfter(now), pausedUntil));
            return found;
        });
    }

    /**
     * The handed-over entries whose turn has come: each still unsent and its chat's oldest unsent entry
     * (claimed on that condition where instances share the outbox), in one transaction.
     */
    private List<Outbox.Entry> takeTurns(List<Outbox.Entry> entries) {
        long now = clock.millis();
        // Written claimed and first of their chats (see claimForHandOver): their turn is known.
        List<Outbox.Entry> known = new java.util.ArrayList<>();
        List<Outbox.Entry> toAsk = new java.util.ArrayList<>();
        for (Outbox.Entry entry : entries) {
            // One a look found and sent before it was handed over is no longer first: the database says so.
            boolean trusted = entry.turnKnownAt(now) && !file(entry.outbound()) && !dispatched.contains(entry.id());
            (trusted ? known : toAsk).add(entry);
        }
        if (toAsk.isEmpty()) {
            return known;
        }
        if (!aloneOnTheDatabase) {
            known.addAll(claimAll(toAsk));
            return known;
        }
        known.addAll(database.transactionBeside(c -> {
            Outbox outbox = new Outbox(c, json, clock);
            return toAsk.stream().filter(entry -> outbox.isNextOfItsChat(entry, now)).toList();
        }));
        return known;
    }

    @Override
    public void close() {
        worker.close();
        if (paceWaits != null) {
            paceWaits.shutdownNow();
        }
        if (typing != null) {
            typing.shutdownNow();
        }
        if (senders != null) {
            senders.shutdown();
            try {
                senders.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
