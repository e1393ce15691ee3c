package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.text.Html;

import java.util.List;
import java.util.Optional;

/**
 * The agency's side of a hand-off, in the agency's group chat.
 *
 * <pre>
 *   lead saved                     → card (status "new") with buttons Take, Done
 *   prospect writes while Relaying → "💬 Lead #id · name: text" to the agency (tied to the lead)
 *   member replies to any bot message about a lead → the text goes to the prospect; an open lead is taken
 *   "Take" on an open lead         → TAKEN by the presser (the database decides who was first); the card
 *                                    shows who and when, with Done and Release
 *   "Take" on a taken lead         → a pop-up "already taken by @x", nothing changes
 *   "Release" by the taker/admin   → open again; the card is new again, with Take and Done
 *   /help                          → how the desk works, in the agency's language
 *   "Done"                         → DONE; the card shows who closed it and loses its buttons; the
 *                                    prospect's chat goes back to the bot
 * </pre>
 */
final class AgencyDesk {
    static final String TAKE = "desk:take:";
    static final String DONE = "desk:done:";
    static final String RELEASE = "desk:release:";
    /** How long after Done a manager's reply still reaches the prospect, opening the lead again. */
    static final java.time.Duration REOPEN_WITHIN = java.time.Duration.ofDays(14);
    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private final long agencyChatId;
    private final Lang agencyLang;
    private final Phrases phrases;

    private final cmoadvisor.knowledge.Quiz quiz;
    private final cmoadvisor.knowledge.Pricing pricing;
    private final java.util.Set<Long> admins;

    AgencyDesk(long agencyChatId, Lang agencyLang, Phrases phrases, cmoadvisor.knowledge.Quiz quiz,
               cmoadvisor.knowledge.Pricing pricing, java.util.Set<Long> admins) {
        this.agencyChatId = agencyChatId;
        this.agencyLang = agencyLang;
        this.phrases = phrases;
        this.quiz = quiz;
        this.pricing = pricing;
        this.admins = java.util.Set.copyOf(admins);
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

    /** The lead's card as it is first sent: new, nobody has it. */
    Outbound.Message card(Lead lead, DialogueContext.Facts facts) {
        return new Outbound.Message(agencyChatId, cardHtml(lead, facts, status(lead, null, null)), keyboardFor(lead), lead.id());
    }

    /** The card as the lead stands now, after {@code by} moved it, to replace the one sent before. */
    private Outbound.EditText cardNow(long messageId, Lead lead, String by, ConversationStore store, java.time.Instant at) {
        DialogueContext.Facts facts = store.session(lead.chatId()).map(s -> s.context().facts())
                .orElse(DialogueContext.Facts.NONE);
        return new Outbound.EditText(agencyChatId, messageId, cardHtml(lead, facts, status(lead, by, at)), keyboardFor(lead));
    }

    private String status(Lead lead, String by, java.time.Instant at) {
        String when = at == null ? "" : WHEN.format(at);
        return switch (lead.status()) {
            case OPEN -> phrases.html("card_status_new", agencyLang);
            case TAKEN -> phrases.html("card_status_taken", agencyLang, "who", lead.takenBy(), "at", when);
            case DONE -> phrases.html("card_status_done", agencyLang, "who", by == null ? lead.takenBy() : by, "at", when);
        };
    }

    /** Everything about the lead in the agency's language, whatever the prospect's was. */
    private String cardHtml(Lead lead, DialogueContext.Facts facts, String statusHtml) {
        Lang l = agencyLang;
        String none = phrases.plain("card_none", l);
        StringBuilder html = new StringBuilder(phrases.html("card_title", l, "id", lead.id())).append('\n')
                .append("<i>").append(statusHtml).append("</i>\n");
        line(html, "card_name", lead.name(), none);
        html.append("<b>").append(Html.escape(phrases.plain("card_username", l))).append(":</b> ").append(chatLink(lead)).append('\n');
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
            html.append("<b>").append(Html.escape(phrases.plain("card_questions", l))).append(":</b>\n");
            for (String q : lead.lastQuestions()) {
                html.append("• ").append(Html.escape(Texts.shorten(q, 200))).append('\n');
            }
        }
        html.append('\n').append(Html.escape(phrases.plain("card_reply_hint", l)));
        return html.toString();
    }

    /** @username, or a link that opens the prospect's chat when they have none. */
    private String chatLink(Lead lead) {
        if (lead.person().username() != null && !lead.person().username().isBlank()) {
            return Html.escape("@" + lead.person().username());
        }
        if (lead.person().id() > 0) {
            return "<a href=\"tg://user?id=" + lead.person().id() + "\">" + Html.escape(phrases.plain("card_open_chat", agencyLang)) + "</a>";
        }
        return Html.escape(phrases.plain("card_none", agencyLang));
    }

    /** The signs the prospect has, in the agency's language (the result keeps the prospect's). */
    private String signs(QuizResult result) {
        List<String> signs = new java.util.ArrayList<>();
        for (cmoadvisor.knowledge.Quiz.Question question : quiz.questions()) {
            String choice = result.answers().get(question.id());
            if (choice != null && question.choice(choice).map(c -> c.weight() > 0).orElse(false)) {
                signs.add(question.sign().in(agencyLang));
            }
        }
        if (signs.isEmpty() && !result.signs().isEmpty()) {
            // A quiz changed since: the signs as the prospect saw them.
            signs.addAll(result.signs());
        }
        return signs.isEmpty() ? "" : " — " + String.join(", ", signs);
    }

    private String modelLabel(String modelId) {
        return pricing.model(modelId).map(m -> m.label().in(agencyLang)).orElse(modelId);
    }

    private void line(StringBuilder html, String labelKey, String value, String none) {
        html.append("<b>").append(Html.escape(phrases.plain(labelKey, agencyLang))).append(":</b> ")
                .append(Html.escape(value == null || value.isBlank() ? none : value)).append('\n');
    }

    /** New: Take and Done; taken: Done and Release; done: none. */
    private Keyboard keyboardFor(Lead lead) {
        long id = lead.id();
        return switch (lead.status()) {
            case OPEN -> new Keyboard.Buttons(List.of(List.of(
                    new Button(TAKE + id, phrases.plain("btn_take", agencyLang)),
                    new Button(DONE + id, phrases.plain("btn_done", agencyLang)))));
            case TAKEN -> new Keyboard.Buttons(List.of(List.of(
                    new Button(DONE + id, phrases.plain("btn_done", agencyLang)),
                    new Button(RELEASE + id, phrases.plain("btn_release", agencyLang)))));
            case DONE -> Keyboard.NONE;
        };
    }

    /** The bot's messages about a forgotten person's leads lose the personal data (and their buttons). */
    List<Outbound> forgotten(ConversationStore.Forgotten forgotten) {
        List<Outbound> out = new java.util.ArrayList<>(forgotten.agencyMessages().stream().<Outbound>map(m -> new Outbound.EditText(
                m.chatId(), m.messageId(), phrases.html("card_forgotten", agencyLang, "id", m.leadId()))).toList());
        // An edit notifies nobody: a lead that was still open is closed with a word to the group.
        forgotten.openLeadIds().forEach(id -> out.add(new Outbound.Message(agencyChatId,
                phrases.html("lead_forgotten_closed", agencyLang, "id", id))));
        return out;
    }

    /** How the prospect sees who answers: the manager's first name, or their handle when Telegram has none. */
    private static String managerName(Person manager) {
        return manager.firstName() != null && !manager.firstName().isBlank() ? manager.firstName() : manager.handle();
    }

    /** A prospect's message after the agency has been quiet for a while: the group is reminded with it. */
    Outbound.Message relayWaiting(Lead lead, String text, java.time.Duration quiet) {
        return new Outbound.Message(agencyChatId, phrases.html("relay_to_agency_waiting", agencyLang, "id", lead.id(),
                "name", lead.name() == null ? lead.person().handle() : lead.name(), "minutes", quiet.toMinutes(), "text", text),
                Keyboard.NONE, lead.id());
    }

    /** A prospect's message during a hand-off, for the agency chat. */
    Outbound.Message relayToAgency(Lead lead, String text) {
        return new Outbound.Message(agencyChatId, phrases.html("relay_to_agency", agencyLang, "id", lead.id(),
                "name", lead.name() == null ? lead.person().handle() : lead.name(), "text", text),
                Keyboard.NONE, lead.id());
    }

    /**
     * A prospect's photo, voice message, file… during a hand-off: a line saying whose and what it is, then
     * the message itself, copied so that the group sees it as it was sent. Both are tied to the lead, so a
     * reply to either reaches the prospect.
     */
    List<Outbound> relayMedia(Lead lead, String kind, long fromChat, long messageId) {
        String what = phrases.plain("media_" + kind, agencyLang);
        return List.of(new Outbound.Message(agencyChatId, phrases.html("relay_media_to_agency", agencyLang, "id", lead.id(),
                        "name", lead.name() == null ? lead.person().handle() : lead.name(), "what", what), Keyboard.NONE, lead.id()),
                new Outbound.Copy(agencyChatId, fromChat, messageId, lead.id()));
    }

    /** Everything that happens in the agency chat. */
    List<Outbound> handle(Inbound in, ConversationStore store, java.time.Instant now) {
        if (in instanceof Inbound.ButtonPress press) {
            return onButton(press, store, now);
        }
        if (in instanceof Inbound.Text text && Commands.DESK_HELP.typed().equals(Commands.typedIn(text.text()))) {
            // The group's only command: how the desk works, for a manager new to it.
            return List.of(new Outbound.Message(agencyChatId, phrases.html("desk_help", agencyLang)));
        }
        if (in instanceof Inbound.Media media && media.replyTo() != null) {
            return onReply(media.replyTo(), media.from(), store, now,
                    (lead, prospect) -> new Outbound.Copy(lead.chatId(), agencyChatId, media.messageId(), lead.id()));
        }
        if (in instanceof Inbound.Text text && text.replyTo() != null && !text.text().startsWith("/")) {
            // Tied to the lead, so that a refusal (the prospect blocked the bot) is reported next to it.
            return onReply(text.replyTo(), text.from(), store, now, (lead, prospect) -> new Outbound.Message(lead.chatId(),
                    phrases.html("relay_from_agency", prospect.lang(), "manager", managerName(text.from()), "text", text.text()), Keyboard.NONE, lead.id()));
        }
        // Talk among the agency's people is none of the bot's business.
        return List.of();
    }

    /**
     * A manager's reply to a message about a lead reaches its prospect (and takes a lead nobody has yet);
     * {@code toProspect} makes what the prospect gets, in their language.
     */
    private List<Outbound> onReply(long replyTo, Person from, ConversationStore store, java.time.Instant now,
                                   java.util.function.BiFunction<Lead, Session, Outbound> toProspect) {
        Optional<Lead> lead = store.leadOfAgencyMessage(agencyChatId, replyTo).flatMap(store::lead);
        if (lead.isEmpty()) {
            return List.of(new Outbound.Message(agencyChatId, phrases.html("agency_reply_unknown", agencyLang)));
        }
        Lead found = lead.get();
        List<Outbound> out = new java.util.ArrayList<>();
        if (!found.isOpen()) {
            // A reply after Done, within REOPEN_WITHIN, picks the conversation up again rather than being lost.
            if (!store.reopenLead(found.id(), from.handle(), now, REOPEN_WITHIN)) {
                return List.of(new Outbound.Message(agencyChatId, phrases.html("agency_lead_closed", agencyLang, "id", found.id())));
            }
            out.add(new Outbound.Message(agencyChatId, phrases.html("lead_reopened", agencyLang, "id", found.id(),
                    "who", from.handle()), Keyboard.NONE, found.id()));
        } else if (found.status() == Lead.Status.OPEN && store.claimLead(found.id(), from.handle())) {
            store.record(FunnelEvent.ofLead(found, FunnelEvent.Kind.LEAD_TAKEN, now));
        }
        Session prospect = store.session(found.chatId()).orElseGet(() -> Session.fresh(found.chatId(), found.person(), found.lang()));
        store.save(prospect.withState(new ChatState.Relaying(found.id(), now)));
        out.add(toProspect.apply(found, prospect));
        return out;
    }

    private List<Outbound> onButton(Inbound.ButtonPress press, ConversationStore store, java.time.Instant now) {
        String data = press.data();
        String prefix = data.startsWith(TAKE) ? TAKE : data.startsWith(DONE) ? DONE : data.startsWith(RELEASE) ? RELEASE : null;
        if (prefix == null) {
            return List.of(new Outbound.ButtonAnswer(press.callbackId(), null));
        }
        long leadId;
        try {
            leadId = Long.parseLong(data.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return List.of(new Outbound.ButtonAnswer(press.callbackId(), phrases.plain("button_expired", agencyLang)));
        }
        Optional<Lead> found = store.lead(leadId);
        if (found.isEmpty() || !found.get().isOpen()) {
            return List.of(new Outbound.ButtonAnswer(press.callbackId(), phrases.plain("button_expired", agencyLang)));
        }
        String who = press.from().handle();
        return switch (prefix) {
            case TAKE -> take(press, found.get(), who, store, now);
            case RELEASE -> release(press, found.get(), who, store, now);
            default -> done(press, found.get(), who, store, now);
        };
    }

    private List<Outbound> take(Inbound.ButtonPress press, Lead lead, String who, ConversationStore store, java.time.Instant now) {
        if (!store.claimLead(lead.id(), who)) {
            Lead taken = store.lead(lead.id()).orElse(lead);
            String text = who.equals(taken.takenBy()) ? phrases.plain("lead_already_yours", agencyLang)
                    : phrases.plain("lead_already_taken", agencyLang).replace("{id}", String.valueOf(lead.id()))
                    .replace("{who}", String.valueOf(taken.takenBy()));
            return List.of(new Outbound.ButtonAnswer(press.callbackId(), text, true));
        }
        Lead taken = lead.withStatus(Lead.Status.TAKEN, who);
        store.record(FunnelEvent.ofLead(taken, FunnelEvent.Kind.LEAD_TAKEN, now));
        return List.of(new Outbound.ButtonAnswer(press.callbackId(), null),
                cardNow(press.messageId(), taken, who, store, now),
                new Outbound.Message(agencyChatId, phrases.html("lead_taken", agencyLang, "id", lead.id(), "who", who),
                        Keyboard.NONE, lead.id()));
    }

    private List<Outbound> release(Inbound.ButtonPress press, Lead lead, String who, ConversationStore store, java.time.Instant now) {
        boolean allowed = who.equals(lead.takenBy()) || admins.contains(press.from().id());
        if (!allowed || !store.releaseLead(lead.id())) {
            return List.of(new Outbound.ButtonAnswer(press.callbackId(), phrases.plain("lead_release_not_yours", agencyLang), true));
        }
        Lead open = lead.withStatus(Lead.Status.OPEN, null);
        return List.of(new Outbound.ButtonAnswer(press.callbackId(), null),
                cardNow(press.messageId(), open, who, store, now),
                new Outbound.Message(agencyChatId, phrases.html("lead_released", agencyLang, "id", lead.id(), "who", who),
                        Keyboard.NONE, lead.id()));
    }

    private List<Outbound> done(Inbound.ButtonPress press, Lead lead, String who, ConversationStore store, java.time.Instant now) {
        Lead done = lead.withStatus(Lead.Status.DONE, who);
        store.updateLead(done);
        store.record(FunnelEvent.ofLead(done, FunnelEvent.Kind.LEAD_DONE, now));
        List<Outbound> out = new java.util.ArrayList<>(List.of(new Outbound.ButtonAnswer(press.callbackId(), null),
                cardNow(press.messageId(), done, who, store, now),
                new Outbound.Message(agencyChatId, phrases.html("lead_done", agencyLang, "id", lead.id(), "who", who))));
        store.session(done.chatId()).ifPresent(prospect -> {
            if (prospect.state() instanceof ChatState.Relaying relaying && relaying.leadId() == lead.id()) {
                store.save(prospect.withState(new ChatState.Idle()));
                out.add(new Outbound.Message(done.chatId(), phrases.html("relay_ended", prospect.lang())));
            }
        });
        return out;
    }
}
