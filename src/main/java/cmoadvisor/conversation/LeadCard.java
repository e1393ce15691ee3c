package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Pricing;
import cmoadvisor.knowledge.Quiz;
import cmoadvisor.text.Html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A lead's card in the agency chat, all in the agency's language whatever the prospect's was, with the
 * buttons its status allows: new → Take, Done; taken → Done, Hand over, Release; done → none. Every
 * status has the Conversation button, which sends what was said so far.
 */
final class LeadCard {
    static final String TAKE = "desk:take:";
    static final String DONE = "desk:done:";
    static final String RELEASE = "desk:release:";
    static final String HAND_OVER = "desk:handover:";
    static final String HISTORY = "desk:history:";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Lang lang;
    private final Phrases phrases;
    private final Quiz quiz;
    private final Pricing pricing;

    LeadCard(Lang agencyLang, Phrases phrases, Quiz quiz, Pricing pricing) {
        this.lang = agencyLang;
        this.phrases = phrases;
        this.quiz = quiz;
        this.pricing = pricing;
    }

    /** The status line: new; taken by whom, when; done by whom, when; or {@code reopenedBy}'s reopening. */
    String status(Lead lead, String by, Instant at) {
        String when = at == null ? "" : WHEN.format(at);
        return switch (lead.status()) {
            case OPEN -> phrases.html("card_status_new", lang);
            case TAKEN -> phrases.html("card_status_taken", lang, "who", lead.takenBy(), "at", when);
            case DONE -> phrases.html("card_status_done", lang, "who", by == null ? lead.takenBy() : by, "at", when);
        };
    }

    String reopened(Lead lead, String by, Instant at) {
        return phrases.html("card_status_reopened", lang, "who", by, "at", WHEN.format(at))
                + (lead.takenBy() == null ? "" : " · " + status(lead, null, at));
    }

    /** Everything about the lead in the agency's language. */
    String html(Lead lead, DialogueContext.Facts facts, String statusHtml) {
        String none = phrases.plain("card_none", lang);
        StringBuilder html = new StringBuilder(phrases.html("card_title", lang, "id", lead.id())).append('\n')
                .append("<i>").append(statusHtml).append("</i>\n");
        line(html, "card_name", lead.name(), none);
        html.append("<b>").append(Html.escape(phrases.plain("card_username", lang))).append(":</b> ").append(chatLink(lead)).append('\n');
        line(html, "card_phone", lead.phone(), none);
        line(html, "card_company", lead.company(), none);
        line(html, "card_language", lead.lang().code(), none);
        line(html, "card_source", lead.source(), none);
        QuizResult result = lead.quiz();
        line(html, "card_quiz", result == null ? null : result.score() + "/" + result.maxScore() + signs(result), none);
        line(html, "card_model", result == null ? null : modelLabel(result.model()), none);
        if (!facts.isEmpty()) {
            line(html, "card_facts", describe(facts), none);
        }
        if (!lead.lastQuestions().isEmpty()) {
            html.append("<b>").append(Html.escape(phrases.plain("card_questions", lang))).append(":</b>\n");
            for (String q : lead.lastQuestions()) {
                html.append("• ").append(Html.escape(Texts.shorten(q, 200))).append('\n');
            }
        }
        html.append('\n').append(Html.escape(phrases.plain("card_reply_hint", lang)));
        return html.toString();
    }

    Keyboard keyboard(Lead lead) {
        long id = lead.id();
        Button history = new Button(HISTORY + id, phrases.plain("btn_history", lang));
        return switch (lead.status()) {
            case OPEN -> new Keyboard.Buttons(List.of(List.of(button(TAKE, id, "btn_take"), button(DONE, id, "btn_done")),
                    List.of(history)));
            case TAKEN -> new Keyboard.Buttons(List.of(List.of(button(DONE, id, "btn_done"), button(HAND_OVER, id, "btn_hand_over"),
                    button(RELEASE, id, "btn_release")), List.of(history)));
            case DONE -> new Keyboard.Buttons(List.of(List.of(history)));
        };
    }

    private Button button(String prefix, long id, String label) {
        return new Button(prefix + id, phrases.plain(label, lang));
    }

    /** "оборот 120 млн тенге; Бишкек; маркетинг хаотичен", in the agency's language. */
    private String describe(DialogueContext.Facts facts) {
        List<String> parts = new ArrayList<>();
        if (facts.turnover() != null) {
            parts.add(phrases.plain("card_turnover", lang) + " " + facts.turnover());
        }
        if (facts.city() != null) {
            parts.add(facts.city());
        }
        for (Quiz.Question question : quiz.questions()) {
            if ("yes".equals(facts.quizAnswers().get(question.id()))) {
                parts.add(question.sign().in(lang));
            }
        }
        return String.join("; ", parts);
    }

    /** @username, or a link that opens the prospect's chat when they have none. */
    private String chatLink(Lead lead) {
        if (lead.person().username() != null && !lead.person().username().isBlank()) {
            return Html.escape("@" + lead.person().username());
        }
        if (lead.person().id() > 0) {
            return "<a href=\"tg://user?id=" + lead.person().id() + "\">" + Html.escape(phrases.plain("card_open_chat", lang)) + "</a>";
        }
        return Html.escape(phrases.plain("card_none", lang));
    }

    /** The signs the prospect has, in the agency's language (the result keeps the prospect's). */
    private String signs(QuizResult result) {
        List<String> signs = new ArrayList<>();
        for (Quiz.Question question : quiz.questions()) {
            String choice = result.answers().get(question.id());
            if (choice != null && question.choice(choice).map(c -> c.weight() > 0).orElse(false)) {
                signs.add(question.sign().in(lang));
            }
        }
        if (signs.isEmpty() && !result.signs().isEmpty()) {
            // A quiz changed since: the signs as the prospect saw them.
            signs.addAll(result.signs());
        }
        return signs.isEmpty() ? "" : " — " + String.join(", ", signs);
    }

    private String modelLabel(String modelId) {
        return pricing.model(modelId).map(m -> m.label().in(lang)).orElse(modelId);
    }

    private void line(StringBuilder html, String labelKey, String value, String none) {
        html.append("<b>").append(Html.escape(phrases.plain(labelKey, lang))).append(":</b> ")
                .append(Html.escape(value == null || value.isBlank() ? none : value)).append('\n');
    }
}
