package cmoadvisor.admin;

import cmoadvisor.conversation.Outbound;
import cmoadvisor.knowledge.KnowledgeError;
import cmoadvisor.storage.Analytics;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.LeadExport;
import cmoadvisor.storage.Outbox;
import cmoadvisor.text.Html;
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

    public AdminDesk(KnowledgeService knowledge, Database database, Json json, FileFetcher files, Set<Long> admins,
                     Runnable wakeSender, Clock clock) {
        this.knowledge = knowledge;
        this.database = database;
        this.json = json;
        this.files = files;
        this.admins = Set.copyOf(admins);
        this.wakeSender = wakeSender;
        this.clock = clock;
    }

    public void handle(Outbound.AdminTask task) {
        if (!admins.contains(task.userId())) {
            // The engine checks too; this guards against a task from anywhere else.
            log.warn("admin task {} from a non-admin {} ignored", task.command(), task.userId());
            return;
        }
        Outbound reply;
        try {
            reply = switch (task.command()) {
                case "/reload" -> new Outbound.Message(task.chatId(), describe(knowledge.reload(), "reload"));
                case "/stats" -> new Outbound.Message(task.chatId(), stats(days(task.argument())));
                case "/gaps" -> new Outbound.Message(task.chatId(), gaps(days(task.argument())));
                case "/leads" -> leads(task.chatId(), days(task.argument()));
                case "upload" -> new Outbound.Message(task.chatId(), upload(task));
                default -> new Outbound.Message(task.chatId(), "Unknown admin command " + Html.escape(task.command()));
            };
        } catch (RuntimeException e) {
            log.error("admin command {} failed", task.command(), e);
            reply = new Outbound.Message(task.chatId(), "⚠️ " + Html.escape(task.command()) + " failed: "
                    + Html.escape(String.valueOf(e.getMessage())));
        }
        enqueue(reply);
    }

    /** Tells every admin what an automatic reload (a file changed on disk) did; silent when nothing changed. */
    public void reloadAndNotify() {
        KnowledgeService.Change change = knowledge.reload();
        if (change.nothingChanged()) {
            return;
        }
        String text = describe(change, "change in the knowledge folder");
        admins.forEach(admin -> enqueue(new Outbound.Message(admin, text)));
    }

    private String upload(Outbound.AdminTask task) {
        byte[] content = files.fetch(task.fileId());
        return describe(knowledge.apply(task.fileName(), content, task.argument()), "upload of " + task.fileName());
    }

    static String describe(KnowledgeService.Change change, String what) {
        if (!change.applied()) {
            StringBuilder out = new StringBuilder("❌ <b>").append(Html.escape(what))
                    .append(" refused</b>; the bot keeps the knowledge it had.\n");
            for (KnowledgeError error : change.errors()) {
                out.append("• ").append(Html.escape(error.toString())).append('\n');
            }
            return out.toString().strip();
        }
        if (change.nothingChanged()) {
            return "✅ <b>" + Html.escape(what) + "</b>: the knowledge is valid; nothing changed.";
        }
        StringBuilder out = new StringBuilder("✅ <b>").append(Html.escape(what)).append("</b> applied.");
        list(out, "added", change.added());
        list(out, "changed", change.changed());
        list(out, "removed", change.removed());
        list(out, "other files", change.otherFiles());
        return out.toString();
    }

    private static void list(StringBuilder out, String label, List<String> items) {
        if (!items.isEmpty()) {
            out.append("\n<b>").append(label).append(":</b> ").append(Html.escape(String.join(", ", items)));
        }
    }

    String stats(int days) {
        return Reports.stats(database.transaction(c -> new Analytics(c).report(days, clock.millis())));
    }

    String gaps(int days) {
        return Reports.gaps(days, database.transaction(c -> new Analytics(c).gaps(days, clock.millis(), GAPS_SHOWN)));
    }

    private Outbound leads(long chatId, int days) {
        var leads = database.transaction(c -> new LeadExport(c, json).leads(days, clock.millis()));
        String name = "leads-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".csv";
        return new Outbound.Document(chatId, name, LeadExport.csv(leads),
                "📇 <b>" + leads.size() + " lead(s)</b>, last " + days + " days");
    }

    private void enqueue(Outbound reply) {
        database.transaction(c -> {
            new Outbox(c, json).enqueue(reply);
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
