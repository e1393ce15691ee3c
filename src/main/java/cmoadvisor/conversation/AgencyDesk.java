package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.text.Html;

import java.util.List;
import java.util.Optional;

/**
 * The agency's side of a hand-off, in the agency's group chat.
 *
 * <pre>
 *   lead saved                     → card with buttons "desk:take:&lt;id&gt;" and "desk:done:&lt;id&gt;"
 *   prospect writes while Relaying → "💬 Lead #id · name: text" to the agency (tied to the lead)
 *   member replies to any bot message about a lead → the text goes to the prospect; an open lead is taken
 *   "Take"                         → lead TAKEN, who took it is recorded; the card keeps only "Done"
 *   "Done"                         → lead DONE, the card loses its buttons, the prospect's chat goes back
 *                                    to the bot
 * </pre>
 */
final class AgencyDesk {
    static final String TAKE = "desk:take:";
    static final String DONE = "desk:done:";

    private final long agencyChatId;
    private final Lang agencyLang;
    private final Phrases phrases;

    private final cmoadvisor.knowledge.Quiz quiz;

    AgencyDesk(long agencyChatId, Lang agencyLang, Phrases phrases, cmoadvisor.knowledge.Quiz quiz) {
        this.agencyChatId = agencyChatId;
        this.agencyLang = agencyLang;
        this.phrases = phrases;
        this.quiz = quiz;
    }

    long chatId() {
        return agencyChatId;
    }

    /** "оборот 120 млн тенге; Бишкек; маркетинг хаотичен", in the agency's language. */
    private String describe(DialogueContext.Facts facts) {
        List<String> parts = new java.util.ArrayList<>();
        if (facts.turnover() != null) {
            parts.add(phrases.plain("card_turnover", agencyLang) + " " + facts.turnover());
        }
        if (facts.city() != null) {
            parts.add(facts.city());
        }
        for (cmoadvisor.knowledge.Quiz.Question question : quiz.questions()) {
            if ("yes".equals(facts.quizAnswers().get(question.id()))) {
                parts.add(question.sign().in(agencyLang));
            }
        }
        return String.join("; ", parts);
    }

    /** The lead's card, with what the prospect told about the business in the chat. */
    Outbound.Message card(Lead lead, DialogueContext.Facts facts) {
        Lang l = agencyLang;
        String none = phrases.plain("card_none", l);
        StringBuilder html = new StringBuilder(phrases.html("card_title", l, "id", lead.id())).append('\n');
        line(html, "card_name", lead.name(), none);
        line(html, "card_username", lead.person().username() == null ? null : "@" + lead.person().username(), none);
        line(html, "card_phone", lead.phone(), none);
        line(html, "card_company", lead.company(), none);
        line(html, "card_language", lead.lang().code(), none);
        line(html, "card_source", lead.source(), none);
        QuizResult quiz = lead.quiz();
        line(html, "card_quiz", quiz == null ? null
                : quiz.score() + "/" + quiz.maxScore() + (quiz.signs().isEmpty() ? "" : " — " + String.join(", ", quiz.signs())), none);
        line(html, "card_model", quiz == null ? null : quiz.model(), none);
        if (!facts.isEmpty()) {
            line(html, "card_facts", describe(facts), none);
        }
        if (!lead.lastQuestions().isEmpty()) {
            html.append("<b>").append(Html.escape(phrases.plain("card_questions", l))).append(":</b>\n");
            for (String q : lead.lastQuestions()) {
                html.append("• ").append(Html.escape(Texts.shorten(q, 200))).append('\n');
            }
        }
        html.append('\n').append(Html.escape(phrases.plain("card_reply_hint", l)));
        return new Outbound.Message(agencyChatId, html.toString(), buttons(lead.id()), lead.id());
    }

    private void line(StringBuilder html, String labelKey, String value, String none) {
        html.append("<b>").append(Html.escape(phrases.plain(labelKey, agencyLang))).append(":</b> ")
                .append(Html.escape(value == null || value.isBlank() ? none : value)).append('\n');
    }

    private Keyboard buttons(long leadId) {
        return new Keyboard.Buttons(List.of(List.of(
                new Button(TAKE + leadId, phrases.plain("btn_take", agencyLang)),
                new Button(DONE + leadId, phrases.plain("btn_done", agencyLang)))));
    }

    /** Once a lead is taken, its card keeps only "Done", so that nobody takes it twice. */
    private Keyboard doneOnly(long leadId) {
        return new Keyboard.Buttons(List.of(List.of(new Button(DONE + leadId, phrases.plain("btn_done", agencyLang)))));
    }

    /** The bot's messages about a forgotten person's leads lose the personal data (and their buttons). */
    List<Outbound> forgotten(ConversationStore.Forgotten forgotten) {
        return forgotten.agencyMessages().stream().<Outbound>map(m -> new Outbound.EditText(m.chatId(), m.messageId(),
                phrases.html("card_forgotten", agencyLang, "id", m.leadId()))).toList();
    }

    /** A prospect's message during a hand-off, for the agency chat. */
    Outbound.Message relayToAgency(Lead lead, String text) {
        return new Outbound.Message(agencyChatId, phrases.html("relay_to_agency", agencyLang, "id", lead.id(),
                "name", lead.name() == null ? lead.person().handle() : lead.name(), "text", text),
                Keyboard.NONE, lead.id());
    }

    /** Everything that happens in the agency chat. */
    List<Outbound> handle(Inbound in, ConversationStore store, java.time.Instant now) {
        if (in instanceof Inbound.ButtonPress press) {
            return onButton(press, store, now);
        }
        if (in instanceof Inbound.Text text && text.replyTo() != null && !text.text().startsWith("/")) {
            return onReply(text, store, now);
        }
        // Talk among the agency's people is none of the bot's business.
        return List.of();
    }

    private List<Outbound> onReply(Inbound.Text reply, ConversationStore store, java.time.Instant now) {
        Optional<Lead> lead = store.leadOfAgencyMessage(agencyChatId, reply.replyTo()).flatMap(store::lead);
        if (lead.isEmpty()) {
            return List.of(new Outbound.Message(agencyChatId, phrases.html("agency_reply_unknown", agencyLang)));
        }
        Lead found = lead.get();
        if (!found.isOpen()) {
            return List.of(new Outbound.Message(agencyChatId, phrases.html("agency_lead_closed", agencyLang, "id", found.id())));
        }
        if (found.status() == Lead.Status.OPEN) {
            store.updateLead(found.withStatus(Lead.Status.TAKEN, reply.from().handle()));
            store.record(FunnelEvent.ofLead(found, FunnelEvent.Kind.LEAD_TAKEN, now));
        }
        Session prospect = store.session(found.chatId()).orElseGet(() -> Session.fresh(found.chatId(), found.person(), found.lang()));
        store.save(prospect.withState(new ChatState.Relaying(found.id(), now)));
        return List.of(new Outbound.Message(found.chatId(),
                phrases.html("relay_from_agency", prospect.lang(), "text", reply.text())));
    }

    private List<Outbound> onButton(Inbound.ButtonPress press, ConversationStore store, java.time.Instant now) {
        Outbound answer = new Outbound.ButtonAnswer(press.callbackId(), null);
        boolean take = press.data().startsWith(TAKE);
        if (!take && !press.data().startsWith(DONE)) {
            return List.of(answer);
        }
        long leadId;
        try {
            leadId = Long.parseLong(press.data().substring(take ? TAKE.length() : DONE.length()));
        } catch (NumberFormatException e) {
            return List.of(new Outbound.ButtonAnswer(press.callbackId(), phrases.plain("button_expired", agencyLang)));
        }
        Optional<Lead> lead = store.lead(leadId);
        if (lead.isEmpty() || !lead.get().isOpen()) {
            return List.of(new Outbound.ButtonAnswer(press.callbackId(), phrases.plain("button_expired", agencyLang)));
        }
        String who = press.from().handle();
        if (take) {
            if (lead.get().status() == Lead.Status.OPEN) {
                store.record(FunnelEvent.ofLead(lead.get(), FunnelEvent.Kind.LEAD_TAKEN, now));
            }
            store.updateLead(lead.get().withStatus(Lead.Status.TAKEN, who));
            return List.of(answer, new Outbound.EditButtons(agencyChatId, press.messageId(), doneOnly(leadId)),
                    new Outbound.Message(agencyChatId, phrases.html("lead_taken", agencyLang, "id", leadId, "who", who),
                            Keyboard.NONE, leadId));
        }
        Lead done = lead.get().withStatus(Lead.Status.DONE, who);
        store.updateLead(done);
        store.record(FunnelEvent.ofLead(done, FunnelEvent.Kind.LEAD_DONE, now));
        List<Outbound> out = new java.util.ArrayList<>(List.of(answer,
                new Outbound.EditButtons(agencyChatId, press.messageId(), Keyboard.NONE),
                new Outbound.Message(agencyChatId, phrases.html("lead_done", agencyLang, "id", leadId, "who", who))));
        store.session(done.chatId()).ifPresent(prospect -> {
            if (prospect.state() instanceof ChatState.Relaying relaying && relaying.leadId() == leadId) {
                store.save(prospect.withState(new ChatState.Idle()));
                out.add(new Outbound.Message(done.chatId(), phrases.html("relay_ended", prospect.lang())));
            }
        });
        return out;
    }
}
