package cmoadvisor.storage;

import cmoadvisor.conversation.FunnelEvent.Kind;

import java.sql.Connection;
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

    public record Funnel(String source, List<Integer> chats) {
    }

    public record TopicCount(String topic, int count) {
    }

    public record Gap(String question, int count, String lang, long lastAt) {
    }

    public record Report(int days, Funnel total, List<Funnel> bySource, List<TopicCount> topTopics, int answered,
                         int declined) {
        public double answerRate() {
            return answered + declined == 0 ? 0 : (double) answered / (answered + declined);
        }
    }

    private final Connection c;

    public Analytics(Connection connection) {
        this.c = connection;
    }

    public Report report(int days, long now) {
        long since = now - days * 86_400_000L;
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        List<Integer> total = new ArrayList<>();
        for (List<Kind> kinds : STEP_KINDS) {
            String in = kinds.stream().map(k -> "'" + k.name() + "'").reduce((a, b) -> a + "," + b).orElseThrow();
            total.add(Sql.one(c, "SELECT COUNT(DISTINCT chat_id) FROM events WHERE at >= ? AND kind IN (" + in + ")",
                    p -> p.setLong(1, since), r -> r.getInt(1)).orElse(0));
            for (Map.Entry<String, Integer> row : counts("SELECT COALESCE(source, '" + NO_SOURCE + "'), COUNT(DISTINCT chat_id)"
                    + " FROM events WHERE at >= ? AND kind IN (" + in + ") GROUP BY COALESCE(source, '" + NO_SOURCE + "')", since).entrySet()) {
                bySource.computeIfAbsent(row.getKey(), k -> new ArrayList<>());
            }
        }
        for (String source : bySource.keySet()) {
            for (List<Kind> kinds : STEP_KINDS) {
                String in = kinds.stream().map(k -> "'" + k.name() + "'").reduce((a, b) -> a + "," + b).orElseThrow();
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
        return new Report(days, new Funnel("all", total), sources, topics, answered, declined);
    }

    /** The questions declined or answered unsure, most frequent first (the same wording counts once). */
    public List<Gap> gaps(int days, long now, int limit) {
        long since = now - days * 86_400_000L;
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
