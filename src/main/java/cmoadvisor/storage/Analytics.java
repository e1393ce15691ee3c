package cmoadvisor.storage;

import cmoadvisor.conversation.FunnelEvent.Kind;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admins' figures, read from the recorded funnel events. */
public final class Analytics {
    /** The funnel in order; "asked a question" counts chats that got an answer or a decline. */
    public static final List<String> STEPS = List.of("started", "asked a question", "started the quiz",
            "finished the quiz", "qualified", "left contacts", "lead taken", "done");
    private static final List<List<Kind>> STEP_KINDS = List.of(List.of(Kind.STARTED), List.of(Kind.ANSWERED, Kind.DECLINED),
            List.of(Kind.QUIZ_STARTED), List.of(Kind.QUIZ_FINISHED), List.of(Kind.QUALIFIED), List.of(Kind.LEFT_CONTACTS),
            List.of(Kind.LEAD_TAKEN), List.of(Kind.LEAD_DONE));
    /** Events of chats that came without a deep link are grouped under this name. */
    public static final String NO_SOURCE = "(direct)";
    /** How many weeks the trend shows, whatever the report's period, so that /stats 7 still shows a trend. */
    public static final int TREND_WEEKS = 12;
    private static final long DAY_MS = 86_400_000L;
    private static final long WEEK_MS = 7 * DAY_MS;
    /** Weeks start on Monday 00:00 UTC, as every time the bot shows is UTC; 1970-01-05 was the first Monday. */
    private static final long FIRST_MONDAY_MS = 4 * DAY_MS;

    public record Funnel(String source, List<Integer> chats) {
    }

    public record TopicCount(String topic, int count) {
    }

    public record Gap(String question, int count, String lang, long lastAt) {
    }

    /** The chats at each step of {@link #STEPS} during the week that begins on {@code monday}. */
    public record Week(LocalDate monday, List<Integer> chats) {
    }

    /** {@code weeks}: the last {@link #TREND_WEEKS} weeks, oldest first, the current one (so far) last. */
    /** Prospects who stopped in the quiz or at the phone step and were reminded, and what followed. */
    public record Reminded(int sent, int cameBack, int leftContacts) {
        public static final Reminded NONE = new Reminded(0, 0, 0);
    }

    public record Report(int days, Funnel total, List<Funnel> bySource, List<TopicCount> topTopics, int answered,
                         int declined, List<Week> weeks, Reminded reminded) {
        public Report(int days, Funnel total, List<Funnel> bySource, List<TopicCount> topTopics, int answered,
                      int declined, List<Week> weeks) {
            this(days, total, bySource, topTopics, answered, declined, weeks, Reminded.NONE);
        }

        public double answerRate() {
            return answered + declined == 0 ? 0 : (double) answered / (answered + declined);
        }
    }

    private final Connection c;

    public Analytics(Connection connection) {
        this.c = connection;
    }

    public Report report(int days, long now) {
        long since = now - days * DAY_MS;
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        List<Integer> total = new ArrayList<>();
        for (List<Kind> kinds : STEP_KINDS) {
            String in = quoted(kinds);
            total.add(Sql.one(c, "SELECT COUNT(DISTINCT chat_id) FROM events WHERE at >= ? AND kind IN (" + in + ")",
                    p -> p.setLong(1, since), r -> r.getInt(1)).orElse(0));
            for (Map.Entry<String, Integer> row : counts("SELECT COALESCE(source, '" + NO_SOURCE + "'), COUNT(DISTINCT chat_id)"
                    + " FROM events WHERE at >= ? AND kind IN (" + in + ") GROUP BY COALESCE(source, '" + NO_SOURCE + "')", since).entrySet()) {
                bySource.computeIfAbsent(row.getKey(), k -> new ArrayList<>());
            }
        }
        for (String source : bySource.keySet()) {
            for (List<Kind> kinds : STEP_KINDS) {
                String in = quoted(kinds);
                bySource.get(source).add(Sql.one(c, "SELECT COUNT(DISTINCT chat_id) FROM events WHERE at >= ? AND kind IN (" + in + ")"
                        + " AND COALESCE(source, '" + NO_SOURCE + "') = ?", p -> {
                            p.setLong(1, since);
                            p.setString(2, source);
                        }, r -> r.getInt(1)).orElse(0));
            }
        }
        List<TopicCount> topics = Sql.list(c, "SELECT topic, COUNT(*) AS n FROM events WHERE at >= ? AND kind = 'ANSWERED'"
                + " GROUP BY topic ORDER BY n DESC, topic LIMIT 10", p -> p.setLong(1, since), r -> new TopicCount(r.getString(1), r.getInt(2)));
        int answered = countKind(Kind.ANSWERED, since);
        int declined = countKind(Kind.DECLINED, since);
        List<Funnel> sources = bySource.entrySet().stream().map(e -> new Funnel(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparing((Funnel f) -> -f.chats().get(0)).thenComparing(Funnel::source)).toList();
        return new Report(days, new Funnel("all", total), sources, topics, answered, declined, weeks(TREND_WEEKS, now),
                reminded(since));
    }

    private Reminded reminded(long since) {
        int leftContacts = Sql.one(c, "SELECT COUNT(DISTINCT r.chat_id) FROM events r JOIN events l ON l.chat_id = r.chat_id"
                + " AND l.kind = 'LEFT_CONTACTS' AND l.at > r.at WHERE r.kind = 'REMINDED' AND r.at >= ?",
                p -> p.setLong(1, since), r -> r.getInt(1)).orElse(0);
        return new Reminded(countKind(Kind.REMINDED, since), countKind(Kind.CAME_BACK, since), leftContacts);
    }

    /**
     * The funnel of each of the last {@code count} weeks, oldest first; a week without events has zeros. The
     * week is computed by integer division of the epoch milliseconds, which SQLite and PostgreSQL do alike.
     */
    public List<Week> weeks(int count, long now) {
        long thisWeek = Math.floorDiv(now - FIRST_MONDAY_MS, WEEK_MS);
        long firstWeek = thisWeek - count + 1;
        List<List<Integer>> chats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chats.add(new ArrayList<>(java.util.Collections.nCopies(STEPS.size(), 0)));
        }
        StringBuilder step = new StringBuilder("CASE");
        for (int i = 0; i < STEP_KINDS.size(); i++) {
            step.append(" WHEN kind IN (").append(quoted(STEP_KINDS.get(i))).append(") THEN ").append(i);
        }
        String allKinds = quoted(STEP_KINDS.stream().flatMap(List::stream).toList());
        List<int[]> rows = Sql.list(c, "SELECT (at - " + FIRST_MONDAY_MS + ") / " + WEEK_MS + " AS week, " + step
                        + " END AS step, COUNT(DISTINCT chat_id) FROM events WHERE at >= ? AND kind IN (" + allKinds + ")"
                        + " GROUP BY week, step",
                p -> p.setLong(1, FIRST_MONDAY_MS + firstWeek * WEEK_MS),
                r -> new int[] {(int) (r.getLong(1) - firstWeek), r.getInt(2), r.getInt(3)});
        for (int[] row : rows) {
            // An event stamped after now (a clock set back since) has no column in the trend.
            if (row[0] < count) {
                chats.get(row[0]).set(row[1], row[2]);
            }
        }
        List<Week> weeks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            weeks.add(new Week(LocalDate.ofEpochDay((FIRST_MONDAY_MS + (firstWeek + i) * WEEK_MS) / DAY_MS), List.copyOf(chats.get(i))));
        }
        return weeks;
    }

    private static String quoted(List<Kind> kinds) {
        return String.join(",", kinds.stream().map(k -> "'" + k.name() + "'").toList());
    }

    /** The questions declined or answered unsure, most frequent first (the same wording counts once). */
    public List<Gap> gaps(int days, long now, int limit) {
        long since = now - days * DAY_MS;
        return Sql.list(c, "SELECT text, COUNT(*) AS n, MAX(lang), MAX(at) FROM events"
                        + " WHERE at >= ? AND kind IN ('DECLINED', 'UNSURE') AND text IS NOT NULL"
                        + " GROUP BY text ORDER BY n DESC, MAX(at) DESC LIMIT ?",
                p -> {
                    p.setLong(1, since);
                    p.setInt(2, limit);
                }, r -> new Gap(r.getString(1), r.getInt(2), r.getString(3), r.getLong(4)));
    }

    private int countKind(Kind kind, long since) {
        return Sql.one(c, "SELECT COUNT(*) FROM events WHERE at >= ? AND kind = ?", p -> {
            p.setLong(1, since);
            p.setString(2, kind.name());
        }, r -> r.getInt(1)).orElse(0);
    }

    private Map<String, Integer> counts(String sql, long since) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Sql.list(c, sql, p -> p.setLong(1, since), r -> Map.entry(r.getString(1), r.getInt(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
