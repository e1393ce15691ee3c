package cmoadvisor.app;

import cmoadvisor.admin.AdminDesk;
import cmoadvisor.admin.FunnelChart;
import cmoadvisor.admin.KnowledgeService;
import cmoadvisor.admin.KnowledgeWatcher;
import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.delivery.RoutingGateway;
import cmoadvisor.delivery.WebhookGateway;
import cmoadvisor.delivery.InboundProcessor;
import cmoadvisor.delivery.OutboxSender;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.search.AnswerEngine;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Migrations;
import cmoadvisor.storage.UpdateLog;
import cmoadvisor.telegram.TelegramGateway;
import cmoadvisor.telegram.TelegramPoller;
import cmoadvisor.telegram.TelegramUpdates;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Telegram bot, wired: poller → update log → processor (engine, in a transaction) → outbox → sender.
 * Everything a message passes through is durable, so a crash at any point loses nothing: stored updates
 * are processed and queued messages sent after the restart.
 */
public final class TelegramBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);

    /** A database that refuses every write for this long is reported to the admins. */
    private static final Duration LASTING_STORAGE_FAULT = Duration.ofMinutes(1);

    private final Database database;
    private final cmoadvisor.admin.KnowledgeSync knowledgeSync;
    private final java.util.Optional<cmoadvisor.storage.ProcessLock> processLock;
    private final cmoadvisor.delivery.AdminAlerts alerts;
    /** Calls that must not hold up the processing thread: typing, button answers, notices sent directly. */
    private final java.util.concurrent.ExecutorService direct = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "telegram-side-calls");
        t.setDaemon(true);
        return t;
    });
    /**
     * Where messages are understood and answered ahead of their turns (see ConversationEngine.foresee): the
     * cores the processing thread leaves, each with a short queue; a full one leaves the work to the turn.
     */
    private final java.util.concurrent.ThreadPoolExecutor foresight = new java.util.concurrent.ThreadPoolExecutor(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1), Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
            0, java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(256), r -> {
                Thread t = new Thread(r, "foresight");
                t.setDaemon(true);
                return t;
            });
    private final OutboxSender sender;
    private final InboundProcessor processor;
    /** The engine of the knowledge the bot starts with, made beside the rest of the start. */
    private final java.util.concurrent.CompletableFuture<ConversationEngine> firstEngine;
    /** Completed with the cause when something the bot cannot answer without fails: the bot should stop. */
    private final java.util.concurrent.CompletableFuture<Throwable> broken = new java.util.concurrent.CompletableFuture<>();
    /** Set by {@link #close()}: what was to start once the engine is made stays stopped. Guarded by this. */
    private boolean closed;
    /** Makes a long-polling poller (the default mode), or null in webhook mode. */
    private final java.util.function.Supplier<TelegramPoller> pollers;
    /** The poller polling now: none in webhook mode, nor in an instance standing by. */
    private volatile TelegramPoller poller;
    /** On PostgreSQL, which of the instances polls; null otherwise (one process per SQLite file). */
    private final cmoadvisor.storage.PollerElection election;
    private final java.util.concurrent.CompletableFuture<String> wrongToken = new java.util.concurrent.CompletableFuture<>();
    /** Webhook mode's server and registration, or null when polling. */
    private final cmoadvisor.telegram.WebhookServer webhookServer;
    private final cmoadvisor.telegram.WebhookRegistration webhookRegistration;
    private final BotMetrics metrics;
    private final TelegramGateway gateway;
    /** Every Telegram call's client; the others are made from it and share its threads and connections. */
    private final OkHttpClient http;
    private final KnowledgeService knowledge;
    private final AdminDesk admin;
    private final cmoadvisor.delivery.RetentionTask retention;
    private final List<cmoadvisor.knowledge.KnowledgeError> folderErrors;
    private final KnowledgeWatcher watcher;
    private final List<CommandMenus.Menu> menus;
    private Thread commandRegistration;

    public TelegramBot(BotConfig config, KnowledgeBase initialKnowledge, Clock clock) {
        this(config, initialKnowledge, clock, null, List.of());
    }

    /**
     * @param lastGood     where a copy of every knowledge folder served is kept, or null for none
     * @param folderErrors what is wrong with the knowledge folder, when {@code initialKnowledge} is the last
     *                     good copy instead: told to the admins once the bot runs
     */
    public TelegramBot(BotConfig config, KnowledgeBase initialKnowledge, Clock clock,
                       cmoadvisor.admin.LastGoodKnowledge lastGood, List<cmoadvisor.knowledge.KnowledgeError> folderErrors) {
        this(config, initialKnowledge, clock, lastGood, folderErrors,
                java.util.concurrent.CompletableFuture.completedFuture(Storage.open(config)));
    }

    /**
     * The bot's database, opened, held (SQLite: one process a file) and migrated: the first thing a start
     * does, and one that can run while the knowledge folder is read (see {@code Application}).
     */
    public record Storage(Database database, java.util.Optional<cmoadvisor.storage.ProcessLock> lock, int applied)
            implements AutoCloseable {
        public static Storage open(BotConfig config) {
            Database database = Database.open(config.databaseUrl());
            java.util.Optional<cmoadvisor.storage.ProcessLock> lock = java.util.Optional.empty();
            try {
                lock = cmoadvisor.storage.ProcessLock.acquire(database);
                Storage storage = new Storage(database, lock, Migrations.migrate(database));
                database.openLanesAhead();
                return storage;
            } catch (RuntimeException e) {
                lock.ifPresent(cmoadvisor.storage.ProcessLock::close);
                database.close();
                throw e;
            }
        }

        @Override
        public void close() {
            database.close();
            lock.ifPresent(cmoadvisor.storage.ProcessLock::close);
        }
    }

    /**
     * @param opening the database, being opened and migrated beside the start ({@link Storage#open}); waited
     *                for once the search engine is being made; the bot closes it
     */
    public TelegramBot(BotConfig config, KnowledgeBase initialKnowledge, Clock clock,
                       cmoadvisor.admin.LastGoodKnowledge lastGood, List<cmoadvisor.knowledge.KnowledgeError> folderErrors,
                       java.util.concurrent.CompletableFuture<Storage> opening) {
        this.folderErrors = List.copyOf(folderErrors);
        ConversationEngine.Options options = config.engineOptions(config.agencyChatId());
        java.util.function.Function<KnowledgeBase, ConversationEngine> engineOf =
                kb -> new ConversationEngine(new AnswerEngine(kb), options);
        // Most of a cold start is reading the knowledge, building the search index and migrating the
        // database: the index is built while the database is still migrating (PostgreSQL's takes longest).
        java.util.concurrent.CompletableFuture<ConversationEngine> firstEngine =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> engineOf.apply(initialKnowledge));
        // The Telegram clients need no database: they are built while it migrates (one reads the trust store).
        TelegramUrl url = TelegramPoller.parseUrl(config.apiUrl());
        // Long polls hold a request for 50 s: the poller's reads must wait longer than that.
        this.http = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(75, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .build();
        // Every other call answers within a second or two: one that hangs is given up in seconds and retried,
        // rather than holding its chat for a minute. Files may be larger and take longer.
        OkHttpClient calls = http.newBuilder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(10, TimeUnit.SECONDS)
                .writeTimeout(10, TimeUnit.SECONDS)
                .callTimeout(20, TimeUnit.SECONDS)
                .build();
        OkHttpClient files = calls.newBuilder().readTimeout(30, TimeUnit.SECONDS).callTimeout(90, TimeUnit.SECONDS).build();
        OkHttpTelegramClient client = new OkHttpTelegramClient(calls, config.token(), url);
        Storage storage = cmoadvisor.Futures.joined(opening);
        this.database = storage.database();
        this.processLock = storage.lock();
        int applied = storage.applied();
        if (processLock.isPresent()) {
            // This process alone uses the file: what an earlier one claimed and did not finish is free again.
            database.transaction(c -> {
                new UpdateLog(c, database.dialect(), clock).releaseAllClaims();
                new cmoadvisor.storage.Outbox(c, new Json(), clock).releaseAllClaims();
                return null;
            });
        }
        log.info("database {} ready ({} migration(s) applied)", database.describe(), applied);
        Json json = new Json();
        // Several instances share one PostgreSQL: what one serves, the others switch to (KnowledgeSync).
        this.knowledgeSync = database.dialect() == Database.Dialect.POSTGRES
                ? new cmoadvisor.admin.KnowledgeSync(database, config.knowledgeDir(), clock) : null;
        cmoadvisor.delivery.AgencyChat agencyChat = config.agencyChatId() == null ? cmoadvisor.delivery.AgencyChat.none()
                : cmoadvisor.delivery.AgencyChat.load(config.agencyChatId(), database, clock);
        this.gateway = new TelegramGateway(client, files, url, config.token(), agencyChat)
                .withTopics(cmoadvisor.delivery.LeadTopics.in(database, json, clock));
        this.sender = new OutboxSender(database, json,
                new RoutingGateway(gateway, new WebhookGateway(), this::performAdminTask, this::fireReminder), clock);
        this.retention = new cmoadvisor.delivery.RetentionTask(database, config.retention(), clock);
        this.metrics = new BotMetrics(database, clock);
        java.util.function.Consumer<java.nio.file.Path> keep = lastGood == null ? folder -> { } : lastGood::keep;
        // The engine is not waited for: the poller stores updates meanwhile, and the processor starts once it is made.
        this.firstEngine = firstEngine;
        this.knowledge = new KnowledgeService(config.knowledgeDir(), initialKnowledge, firstEngine, engineOf, clock,
                knowledgeSync == null ? keep : keep.andThen(folder -> knowledgeSync.published()));
        this.alerts = new cmoadvisor.delivery.AdminAlerts(() -> knowledge.knowledge().messages(), config.adminIds(),
                config.agencyLanguage(), gateway, direct);
        database.withFaultWatch(new cmoadvisor.storage.StorageAlarm(clock, LASTING_STORAGE_FAULT, alerts.storageListener()));
        sender.withGuards(new cmoadvisor.delivery.AgencyChatGuard(agencyChat, alerts, () -> knowledge.knowledge().messages(),
                json, clock), alerts);
        TelegramUpdates updates = new TelegramUpdates(TelegramUpdates.botIdOf(config.token()), agencyChat::fromTelegram);
        this.admin = new AdminDesk(knowledge, database, json, gateway::download, config.adminIds(),
                config.agencyLanguage(), sender::wake, clock, FunnelChart.withBundledFont());
        cmoadvisor.delivery.FreshUpdates fresh = new cmoadvisor.delivery.FreshUpdates();
        this.processor = new InboundProcessor(database, json, knowledge::engine, gateway, sender, updates::decode, clock)
                .withFreshUpdates(fresh)
                .withSideCalls(direct)
                .withForesight(foresight)
                .withAlerts(alerts);
        this.menus = CommandMenus.all(knowledge.knowledge().messages(), config.adminIds(), config.agencyChatId(),
                config.agencyLanguage());
        this.watcher = new KnowledgeWatcher(config.knowledgeDir(), Duration.ofSeconds(1), admin::reloadAndNotify);
        sender.withMetrics(metrics.registry());
        if (processLock.isPresent()) {
            processor.aloneOnTheDatabase();
            sender.aloneOnTheDatabase();
        }
        if (!config.paced()) {
            log.warn("TELEGRAM_PACING=off: messages go out without Telegram's limits; only for a stand-in Bot API");
            sender.withoutPacing();
        }
        TelegramPoller.UpdateSink sink = new TelegramPoller.UpdateSink() {
            @Override
            public void store(List<org.telegram.telegrambots.meta.api.objects.Update> batch) {
                List<String> payloads = batch.stream().map(updates::write).toList();
                List<java.util.Optional<cmoadvisor.conversation.Inbound>> events = new java.util.ArrayList<>();
                for (org.telegram.telegrambots.meta.api.objects.Update update : batch) {
                    try {
                        events.add(updates.decode(update));
                    } catch (RuntimeException e) {
                        // The processor reads it from the database, and records the failure there.
                        log.debug("update {} is read back from the database: {}", update.getUpdateId(), e.toString());
                        events.add(null);
                    }
                }
                // Before the commit, which waits for the disk: the processor may take them the moment it is done.
                // (Not while the engine is still being made on a start: the poller would wait for it.)
                if (knowledge.engineReady()) {
                    processor.foresee(events.stream().filter(java.util.Objects::nonNull).flatMap(java.util.Optional::stream).toList());
                }
                database.durableTransaction(c -> {
                    UpdateLog log = new UpdateLog(c, database.dialect(), clock);
                    for (int i = 0; i < batch.size(); i++) {
                        log.accept(batch.get(i).getUpdateId(), TelegramUpdates.chatOf(batch.get(i)), payloads.get(i));
                    }
                    return null;
                });
                for (int i = 0; i < batch.size(); i++) {
                    metrics.updateReceived();
                    if (events.get(i) != null) {
                        fresh.put(batch.get(i).getUpdateId(), events.get(i));
                    }
                }
            }

            @Override
            public void storeUnreadable(int updateId, String raw, String problem) {
                log.warn("update {} could not be read ({}); stored and set aside", updateId, problem);
                database.durableTransaction(c -> {
                    if (new UpdateLog(c, database.dialect(), clock).acceptUnreadable(updateId, TelegramUpdates.chatOf(raw), raw, problem)) {
                        alerts.enqueue(new cmoadvisor.storage.Outbox(c, json, clock), "admin_update_unreadable",
                                "update", updateId, "error", problem);
                    }
                    return null;
                });
                sender.wake();
            }

            @Override
            public void stored() {
                processor.wake();
            }
        };
        BotConfig.Webhook webhook = config.webhook();
        if (webhook == null) {
            this.pollers = () -> {
                TelegramPoller made = new TelegramPoller(config.token(), url, http, client, sink);
                made.wrongToken().thenAccept(wrongToken::complete);
                return made;
            };
            this.election = database.dialect() == Database.Dialect.POSTGRES
                    ? new cmoadvisor.storage.PollerElection(database, new cmoadvisor.storage.PollerElection.Role() {
                        @Override
                        public void lead() {
                            startPolling();
                        }

                        @Override
                        public void standDown() {
                            stopPolling();
                        }
                    }) : null;
            this.webhookServer = null;
            this.webhookRegistration = null;
        } else {
            this.pollers = null;
            this.election = null;
            String secret = webhookSecret(webhook, database, clock);
            this.webhookServer = new cmoadvisor.telegram.WebhookServer(webhook.port(), webhook.path(), secret, sink,
                    () -> database.transaction(c -> true), metrics::scrape);
            this.webhookRegistration = new cmoadvisor.telegram.WebhookRegistration(client, webhook.url(), secret);
        }
    }

    /**
     * WEBHOOK_SECRET, or the one the first instance made and stored: every instance checks the same secret,
     * which Telegram sends with every update.
     */
    private static String webhookSecret(BotConfig.Webhook webhook, Database database, Clock clock) {
        if (webhook.secret() != null) {
            return webhook.secret();
        }
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String made = java.util.HexFormat.of().formatHex(random);
        return database.transaction(c -> {
            cmoadvisor.storage.BotState state = new cmoadvisor.storage.BotState(c, clock);
            state.putIfAbsent("webhook_secret", made);
            return state.get("webhook_secret").orElseThrow();
        });
    }

    private synchronized void startPolling() {
        if (poller == null) {
            poller = pollers.get();
            poller.start();
        }
    }

    private synchronized void stopPolling() {
        if (poller != null) {
            poller.close();
            poller = null;
        }
    }

    /** Whether this instance polls Telegram now (on PostgreSQL one instance does, the others stand by). */
    public boolean polling() {
        return poller != null;
    }

    /** The port the webhook is served on (a test may ask for 0, any free port), or -1 when polling. */
    public int webhookPort() {
        return webhookServer == null ? -1 : webhookServer.port();
    }

    public void start() {
        if (!folderErrors.isEmpty()) {
            admin.notifyBrokenFolderAtStart(folderErrors);
        }
        watcher.start();
        if (knowledgeSync != null) {
            knowledgeSync.start(knowledge::reload);
        }
        sender.start();
        retention.start();
        // The processor starts once the engine is made; updates stored before it, after a restart or while it
        // was being made, are processed oldest first.
        firstEngine.whenComplete((engine, failure) -> startProcessing(failure));
        // The menus are retried in the background: the bot works without them meanwhile.
        commandRegistration = new Thread(() -> new CommandMenus(gateway).register(menus), "telegram-commands");
        commandRegistration.setDaemon(true);
        commandRegistration.start();
        if (webhookServer != null) {
            webhookServer.start();
            webhookRegistration.start();
            webhookRegistration.wrongToken().thenAccept(wrongToken::complete);
        } else if (election != null) {
            election.start();
        } else {
            startPolling();
        }
    }

    private synchronized void startProcessing(Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            Throwable cause = cmoadvisor.Futures.cause(failure);
            log.error("the knowledge cannot be served: the bot stops", cause);
            broken.complete(cause);
            return;
        }
        processor.start();
    }

    private cmoadvisor.delivery.MessageGateway.Delivery performAdminTask(cmoadvisor.conversation.Outbound.AdminTask task) {
        return admin.perform(task);
    }

    private cmoadvisor.delivery.MessageGateway.Delivery fireReminder(cmoadvisor.conversation.Outbound.Reminder reminder) {
        return processor.fire(reminder);
    }

    /** Completed, with Telegram's answer, when Telegram refuses the token: the bot cannot work and should stop. */
    public java.util.concurrent.CompletableFuture<String> wrongToken() {
        return wrongToken;
    }

    /** Completed with the cause when the bot cannot answer anyone (its knowledge cannot be served): it should stop. */
    public java.util.concurrent.CompletableFuture<Throwable> broken() {
        return broken;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        watcher.close();
        if (knowledgeSync != null) {
            knowledgeSync.close();
        }
        if (election != null) {
            election.close();
        }
        stopPolling();
        if (webhookServer != null) {
            // Never deleteWebhook here: other instances may still be serving it.
            webhookRegistration.close();
            webhookServer.close();
        }
        if (commandRegistration != null) {
            commandRegistration.interrupt();
        }
        processor.close();
        sender.close();
        retention.close();
        direct.shutdown();
        foresight.shutdownNow();
        // OkHttp's dispatcher threads would keep the JVM alive for a minute after a command that ends.
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        database.close();
        processLock.ifPresent(cmoadvisor.storage.ProcessLock::close);
    }
}
