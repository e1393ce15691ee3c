package cmoadvisor.storage;

import cmoadvisor.conversation.Lead;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** The leads as a CSV sheet (UTF-8 with BOM, so that Excel shows Cyrillic) or as JSON. */
public final class LeadExport {
    private static final String[] COLUMNS = {"id", "created_at", "status", "name", "username", "phone", "company",
            "language", "source", "quiz_score", "quiz_signs", "recommended_model", "taken_by", "consent_at",
            "consent_text", "last_questions"};
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Connection c;
    private final Json json;

    public LeadExport(Connection connection, Json json) {
        this.c = connection;
        this.json = json;
    }

    public List<Lead> leads(int days, long now) {
        long since = now - days * 86_400_000L;
        JdbcConversationStore store = new JdbcConversationStore(c, json, null, java.time.Clock.fixed(java.time.Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC));
        return Sql.list(c, "SELECT id FROM leads WHERE created_at >= ? ORDER BY id", p -> p.setLong(1, since), r -> r.getLong(1))
                .stream().map(id -> store.lead(id).orElseThrow()).toList();
    }

    public static byte[] csv(List<Lead> leads) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Lead lead : leads) {
            String[] values = {String.valueOf(lead.id()), Instant.ofEpochMilli(lead.createdAt().toEpochMilli()).toString(),
                    lead.status().name(), lead.name(), lead.person().username() == null ? null : "@" + lead.person().username(),
                    lead.phone(), lead.company(), lead.lang().code(), lead.source(),
                    lead.quiz() == null ? null : lead.quiz().score() + "/" + lead.quiz().maxScore(),
                    lead.quiz() == null ? null : String.join("; ", lead.quiz().signs()),
                    lead.quiz() == null ? null : lead.quiz().model(), lead.takenBy(),
                    lead.consentAt() == null ? null : lead.consentAt().toString(), lead.consentText(),
                    String.join(" | ", lead.lastQuestions())};
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(values[i]));
            }
            out.append("\r\n");
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, withBom, 0, BOM.length);
        System.arraycopy(body, 0, withBom, BOM.length, body.length);
        return withBom;
    }

    /**
     * RFC 4180 quoting; a cell starting with = + - @, a tab or a carriage return is prefixed with ', whatever
     * follows, so that a spreadsheet never computes a prospect's text ("-2-3", "+1-1", "=HYPERLINK(…)") and
     * keeps a phone such as +996… as the text it is, not a number.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.contains(";")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    public static String json(List<Lead> leads) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (Lead lead : leads) {
            array.add(cmoadvisor.conversation.LeadJson.node(mapper, lead));
        }
        return array.toPrettyString();
    }

}
