package cmoadvisor.admin;

import cmoadvisor.conversation.Outbound;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.storage.Analytics;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.LeadExport;
import cmoadvisor.storage.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Carries out admins' commands after their event is committed: /reload, /stats, /gaps, /leads and
 * uploaded knowledge files. Replies go through the outbox like every other message.
 */
public final class AdminDesk {
    private static final Logger log = LoggerFactory.getLogger(AdminDesk.class);
    static final int DEFAULT_DAYS = 30;
    private static final int MAX_DAYS = 3650;
    static final int GAPS_SHOWN = 20;

    /** Downloads a file a user sent, by the transport's file id. */
    public interface FileFetcher {
        byte[] fetch(String fileId);
    }

    private final KnowledgeService knowledge;
    private final Database database;
    private final Json json;
    private final FileFetcher files;
    private final Set<Long> admins;
    private final Runnable wakeSender;
    private final Clock clock;
    private final Lang adminLanguage;
    private final FunnelChart chart;

    /**
     * @param adminLanguage the language of notices no admin asked for (a change found in the folder)
     * @param chart         draws the picture that follows the /stats text
     */
    public AdminDesk(KnowledgeService knowledge, Database database, Json json, FileFetcher files, Set<Long> admins,
                     Lang adminLanguage, Runnable wakeSender, Clock clock, FunnelChart chart) {
        this.knowledge = knowledge;
        this.database = database;
        this.json = json;
        this.files = files;
        this.admins = Set.copyOf(admins);
        this.wakeSender = wakeSender;
        this.clock = clock;
        this.adminLanguage = adminLanguage;
        this.chart = chart;
    }

    /** Carries out a stored task for the outbox: its reply is queued behind it; a failure is that reply. */
    public cmoadvisor.delivery.MessageGateway.Delivery perform(Outbound.AdminTask task) {
        handle(task);
        return new cmoadvisor.delivery.MessageGateway.Delivery.Sent(List.of());
    }

    public void handle(Outbound.AdminTask task) {
        if (!admins.contains(task.userId())) {
            // The engine checks too; this guards against a task from anywhere else.
            log.warn("admin task {} from a non-admin ignored", task.command());
            return;
        }
        Reports reports = reports(task.lang());
        List<Outbound> replies;
        try {
            replies = switch (task.command()) {
                case "/reload" -> List.of(new Outbound.Message(task.chatId(),
                        reports.change(knowledge.reload(), reports.plain("admin_what_reload"))));
                case "/stats" -> stats(reports, task.chatId(), days(task.argument()));
                case "/gaps" -> List.of(new Outbound.Message(task.chatId(), gaps(reports, days(task.argument()))));
                case "/leads" -> List.of(leads(reports, task.chatId(), days(task.argument())));
                case "upload" -> List.of(new Outbound.Message(task.chatId(), upload(reports, task)));
                default -> throw new IllegalArgumentException("unknown admin command " + task.command());
            };
        } catch (RuntimeException e) {
            replies = List.of(failure(reports, task.chatId(), task.command(), e));
        }
        enqueue(replies);
    }

    private static Outbound failure(Reports reports, long chatId, String command, RuntimeException e) {
        log.error("admin command {} failed", command, e);
        return new Outbound.Message(chatId, reports.text("admin_failed", "command", command, "error", String.valueOf(e.getMessage())));
    }

    private Reports reports(Lang lang) {
        return new Reports(knowledge.knowledge().messages(), lang == null ? Lang.RU : lang);
    }

    /**
     * Tells every admin that the bot started with the last good copy of the knowledge because the folder is
     * broken, with every error (file and line) to fix; the fixed folder is taken as soon as it is saved.
     */
    public void notifyBrokenFolderAtStart(List<cmoadvisor.knowledge.KnowledgeError> errors) {
        Reports reports = reports(adminLanguage);
        String text = reports.change(KnowledgeService.Change.refused(errors), reports.plain("admin_what_start"));
        admins.forEach(admin -> enqueue(List.of(new Outbound.Message(admin, text))));
    }

    /** Tells every admin what an automatic reload (a file changed on disk) did; silent when nothing changed. */
    public void reloadAndNotify() {
        KnowledgeService.Change change = knowledge.reload();
        if (change.nothingChanged()) {
            return;
        }
        Reports reports = reports(adminLanguage);
        String text = reports.change(change, reports.plain("admin_what_folder"));
        admins.forEach(admin -> enqueue(List.of(new Outbound.Message(admin, text))));
    }

    private String upload(Reports reports, Outbound.AdminTask task) {
        byte[] content = files.fetch(task.fileId());
        return reports.change(knowledge.apply(task.fileName(), content, task.argument()),
                reports.plain("admin_what_upload").replace("{file}", task.fileName()));
    }

    /** The report's text, then its picture; a picture that cannot be drawn does not keep the text back. */
    private List<Outbound> stats(Reports reports, long chatId, int days) {
        Analytics.Report report = database.transaction(c -> new Analytics(c).report(days, clock.millis()));
        Outbound text = new Outbound.Message(chatId, reports.stats(report));
        try {
            String name = "stats-" + today() + ".png";
            return List.of(text, new Outbound.Photo(chatId, name, chart.png(report, reports.chartLabels(report)), null));
        } catch (RuntimeException e) {
            return List.of(text, failure(reports, chatId, "/stats", e));
        }
    }

    private String gaps(Reports reports, int days) {
        return reports.gaps(days, database.transaction(c -> new Analytics(c).gaps(days, clock.millis(), GAPS_SHOWN)));
    }

    private Outbound leads(Reports reports, long chatId, int days) {
        var leads = database.transaction(c -> new LeadExport(c, json).leads(days, clock.millis()));
        String name = "leads-" + today() + ".csv";
        return new Outbound.Document(chatId, name, LeadExport.csv(leads),
                reports.text("admin_leads_caption", "count", leads.size(), "days", days));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Queues the replies in one transaction, so that they go out all and in order, or not at all. */
    private void enqueue(List<Outbound> replies) {
        database.transaction(c -> {
            Outbox outbox = new Outbox(c, json, clock);
            replies.forEach(outbox::enqueue);
            return null;
        });
        wakeSender.run();
    }

    static int days(String argument) {
        if (argument == null || argument.isBlank()) {
            return DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(argument.strip());
            return Math.max(1, Math.min(days, MAX_DAYS));
        } catch (NumberFormatException e) {
            return DEFAULT_DAYS;
        }
    }
}
