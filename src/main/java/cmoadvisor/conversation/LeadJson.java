package cmoadvisor.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A lead as JSON: the body of the CRM webhook and a row of the JSON export. */
public final class LeadJson {
    private LeadJson() {
    }

    /** The CRM's body for a new lead: the lead, with {@code "event": "lead.created"}. */
    public static String write(Lead lead) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode body = mapper.createObjectNode().put("event", cmoadvisor.conversation.Outbound.LeadWebhook.CREATED);
        body.setAll(node(mapper, lead));
        return body.toString();
    }

    /** The CRM's notice that the person of a lead asked for their data to be deleted. */
    public static String forgotten(long leadId) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("event", cmoadvisor.conversation.Outbound.LeadWebhook.FORGOTTEN);
        node.put("id", leadId);
        return node.toString();
    }

    /** The CRM's notice of a lead's step on the desk: taken, reassigned, done, reopened; who and when. */
    public static String change(Lead lead, String event, String who, java.time.Instant at) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("event", event);
        node.put("id", lead.id());
        node.put("status", lead.status().name());
        node.put("taken_by", lead.takenBy());
        node.put("by", who);
        node.put("at", at.toString());
        return node.toString();
    }

    public static ObjectNode node(ObjectMapper mapper, Lead lead) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", lead.id());
        node.put("created_at", lead.createdAt().toString());
        node.put("status", lead.status().name());
        node.put("name", lead.name());
        node.put("username", lead.person().username());
        node.put("telegram_user_id", lead.person().id());
        node.put("phone", lead.phone());
        node.put("company", lead.company());
        node.put("language", lead.lang().code());
        node.put("source", lead.source());
        if (lead.quiz() != null) {
            ObjectNode quiz = node.putObject("quiz");
            quiz.put("score", lead.quiz().score());
            quiz.put("max_score", lead.quiz().maxScore());
            lead.quiz().signs().forEach(quiz.putArray("signs")::add);
            quiz.put("recommended_model", lead.quiz().model());
            ObjectNode answers = quiz.putObject("answers");
            lead.quiz().answers().forEach(answers::put);
        }
        node.put("taken_by", lead.takenBy());
        node.put("consent_at", lead.consentAt() == null ? null : lead.consentAt().toString());
        node.put("consent_text", lead.consentText());
        lead.lastQuestions().forEach(node.putArray("last_questions")::add);
        return node;
    }
}
