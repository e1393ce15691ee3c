package cmoadvisor.admin;

import cmoadvisor.storage.Analytics;
import cmoadvisor.text.Html;

import java.util.List;

/** The admins' reports as Telegram HTML; the command line prints the same as plain text. */
public final class Reports {
    private Reports() {
    }

    public static String stats(Analytics.Report report) {
        int days = report.days();
        StringBuilder out = new StringBuilder("📊 <b>Funnel, last ").append(days).append(" days</b>\n");
        List<Integer> total = report.total().chats();
        for (int i = 0; i < Analytics.STEPS.size(); i++) {
            out.append(Analytics.STEPS.get(i)).append(": <b>").append(total.get(i)).append("</b>");
            if (i > 0 && total.get(0) > 0) {
                out.append(" (").append(Math.round(100.0 * total.get(i) / total.get(0))).append("%)");
            }
            out.append('\n');
        }
        if (!report.bySource().isEmpty()) {
            out.append("\n<b>By source</b> (").append(Html.escape(String.join(" → ", Analytics.STEPS))).append(")\n");
            for (Analytics.Funnel funnel : report.bySource()) {
                out.append(Html.escape(funnel.source())).append(": ")
                        .append(String.join(" → ", funnel.chats().stream().map(String::valueOf).toList())).append('\n');
            }
        }
        if (!report.topTopics().isEmpty()) {
            out.append("\n<b>Top topics</b>\n");
            report.topTopics().forEach(t -> out.append(Html.escape(t.topic())).append(": ").append(t.count()).append('\n'));
        }
        out.append("\n<b>Answer rate:</b> ").append(Math.round(report.answerRate() * 100)).append("% (")
                .append(report.answered()).append(" answered, ").append(report.declined()).append(" declined)");
        return out.toString();
    }

    public static String gaps(int days, List<Analytics.Gap> gaps) {
        if (gaps.isEmpty()) {
            return "🕳 No declined or unsure questions in the last " + days + " days.";
        }
        StringBuilder out = new StringBuilder("🕳 <b>Questions to cover, last ").append(days).append(" days</b>\n");
        for (Analytics.Gap gap : gaps) {
            out.append(gap.count()).append("× [").append(Html.escape(String.valueOf(gap.lang()))).append("] ")
                    .append(Html.escape(gap.question())).append('\n');
        }
        return out.toString().strip();
    }
}
