package cmoadvisor.admin;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Messages;
import cmoadvisor.storage.Analytics;
import cmoadvisor.text.Html;

import java.util.List;
import java.util.Map;

/** The admins' reports as Telegram HTML, in the admin's language; the command line prints them as text. */
public final class Reports {
    /** The funnel's steps, in the order of {@link Analytics#STEPS}. */
    private static final List<String> STEP_KEYS = List.of("admin_step_started", "admin_step_asked",
            "admin_step_quiz_started", "admin_step_quiz_finished", "admin_step_qualified", "admin_step_contacts",
            "admin_step_taken", "admin_step_done");

    private final Messages messages;
    private final Lang lang;

    public Reports(Messages messages, Lang lang) {
        this.messages = messages;
        this.lang = lang;
    }

    public String stats(Analytics.Report report) {
        StringBuilder out = new StringBuilder(messages.html("admin_funnel_title", lang, "days", report.days())).append('\n');
        List<Integer> total = report.total().chats();
        for (int i = 0; i < STEP_KEYS.size(); i++) {
            out.append(Html.escape(messages.get(STEP_KEYS.get(i), lang))).append(": <b>").append(total.get(i)).append("</b>");
            if (i > 0 && total.get(0) > 0) {
                out.append(" (").append(Math.round(100.0 * total.get(i) / total.get(0))).append("%)");
            }
            out.append('\n');
        }
        if (!report.bySource().isEmpty()) {
            out.append('\n').append(messages.get("admin_by_source", lang)).append('\n');
            for (Analytics.Funnel funnel : report.bySource()) {
                out.append(Html.escape(funnel.source())).append(": ")
                        .append(String.join(" → ", funnel.chats().stream().map(String::valueOf).toList())).append('\n');
            }
        }
        if (!report.topTopics().isEmpty()) {
            out.append('\n').append(messages.get("admin_top_topics", lang)).append('\n');
            report.topTopics().forEach(t -> out.append(Html.escape(t.topic())).append(": ").append(t.count()).append('\n'));
        }
        out.append('\n').append(messages.html("admin_answer_rate", lang, "rate", Math.round(report.answerRate() * 100),
                "answered", report.answered(), "declined", report.declined()));
        Analytics.Reminded reminded = report.reminded();
        out.append('\n').append(messages.html("admin_reminders", lang, "sent", reminded.sent(), "came", reminded.cameBack(),
                "contacts", reminded.leftContacts()));
        return out.toString();
    }

    /** The words of the /stats picture, as plain text. */
    public FunnelChart.Labels chartLabels(Analytics.Report report) {
        return new FunnelChart.Labels(Html.toPlainText(text("admin_chart_funnel", "days", report.days())),
                Html.toPlainText(text("admin_chart_trend", "weeks", report.weeks().size())),
                STEP_KEYS.stream().map(this::plain).toList(), plain("admin_chart_other_sources"), plain("admin_chart_no_data"));
    }

    public String gaps(int days, List<Analytics.Gap> gaps) {
        if (gaps.isEmpty()) {
            return messages.html("admin_gaps_none", lang, "days", days);
        }
        StringBuilder out = new StringBuilder(messages.html("admin_gaps_title", lang, "days", days)).append('\n');
        for (Analytics.Gap gap : gaps) {
            out.append(gap.count()).append("× [").append(Html.escape(String.valueOf(gap.lang()))).append("] ")
                    .append(Html.escape(gap.question())).append('\n');
        }
        return out.toString().strip();
    }

    public String change(KnowledgeService.Change change, String what) {
        if (!change.applied()) {
            StringBuilder out = new StringBuilder(messages.html("admin_refused", lang, "what", what)).append('\n');
            change.errors().forEach(error -> out.append("• ").append(Html.escape(error.toString(lang))).append('\n'));
            return out.toString().strip();
        }
        StringBuilder out = new StringBuilder();
        if (change.nothingChanged()) {
            out.append(messages.html("admin_nothing_changed", lang, "what", what));
        } else {
            out.append(messages.html("admin_applied", lang, "what", what));
            list(out, "admin_added", change.added());
            list(out, "admin_changed", change.changed());
            list(out, "admin_removed", change.removed());
            list(out, "admin_other_files", change.otherFiles());
        }
        missingLanguages(out, change.missingLanguages());
        return out.toString();
    }

    /** A warning, not an error: each topic not yet in every language, and which languages it lacks. */
    private void missingLanguages(StringBuilder out, Map<String, List<Lang>> missing) {
        if (missing.isEmpty()) {
            return;
        }
        out.append("\n\n").append(messages.html("admin_missing_languages", lang));
        missing.forEach((topic, langs) -> out.append("\n• ").append(Html.escape(topic)).append(": ")
                .append(Html.escape(String.join(", ", langs.stream().map(Lang::code).toList()))));
    }

    private void list(StringBuilder out, String labelKey, List<String> items) {
        if (!items.isEmpty()) {
            out.append("\n<b>").append(Html.escape(messages.get(labelKey, lang))).append(":</b> ")
                    .append(Html.escape(String.join(", ", items)));
        }
    }

    public String text(String key, Object... pairs) {
        return messages.html(key, lang, pairs);
    }

    public String plain(String key) {
        return messages.get(key, lang);
    }
}
