package cmoadvisor.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A lead as JSON: the body of the CRM webhook and a row of the JSON export. */
public final class LeadJson {
    private LeadJson() {
    }

    public static String write(Lead lead) {
        ObjectMapper mapper = new ObjectMapper();
        return node(mapper, lead).toString();
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
