package cmoadvisor.conversation;

import cmoadvisor.conversation.ChatState.CapturingLead;
import cmoadvisor.conversation.ChatState.LeadDraft;
import cmoadvisor.conversation.ChatState.LeadStep;

import java.util.List;
import java.util.Optional;

/**
 * Hand-off to a person at the agency: contact details, consent, then the lead is saved and its card goes
 * to the agency chat.
 *
 * <pre>
 *   start                 → CapturingLead(PHONE)    (a lead already open → Relaying to it)
 *   PHONE   + shared contact or a typed number      → NAME      (not a number → ask again)
 *   NAME    + a name                                → COMPANY   (too long, empty → ask again)
 *   COMPANY + a company, or button "lead:skip"      → CONSENT
 *   CONSENT + button "lead:agree", or typed yes     → save lead, card to the agency (and the CRM
 *                                                     webhook, when set) → Relaying(lead)
 *   CONSENT + button "lead:disagree", or typed no   → Idle, nothing saved
 *   CONSENT + anything else                         → ask again
 * </pre>
 */
final class LeadFlow {
    static final String SKIP = "lead:skip";
    static final String AGREE = "lead:agree";
    static final String DISAGREE = "lead:disagree";

    private final Phrases phrases;
    private final AgencyDesk desk;
    private final String webhookUrl;

    /** The CRM hears of each forgotten lead, so that it can delete what it holds too. */
    List<Outbound> forgotten(ConversationStore.Forgotten forgotten) {
        if (webhookUrl == null) {
            return List.of();
        }
        return forgotten.leadIds().stream().<Outbound>map(id -> new Outbound.LeadWebhook(id, webhookUrl,
                LeadJson.forgotten(id), Outbound.LeadWebhook.FORGOTTEN)).toList();
    }

    private final cmoadvisor.text.Phones phones;

    LeadFlow(Phrases phrases, AgencyDesk desk, String webhookUrl, cmoadvisor.text.Phones phones) {
        this.phrases = phrases;
        this.desk = desk;
        this.webhookUrl = webhookUrl;
        this.phones = phones;
    }

    /** The country a prospect's language points to, for a number typed without a country code. */
    private static String regionOf(cmoadvisor.knowledge.Lang lang) {
        return lang == cmoadvisor.knowledge.Lang.KY ? "KG" : null;
    }

    void start(Turn turn) {
        Optional<Lead> open = turn.store.openLeadOfChat(turn.chatId());
        if (open.isPresent()) {
            turn.moveTo(new ChatState.Relaying(open.get().id(), turn.now));
            turn.say(phrases.html("lead_already_open", turn.lang(), "id", open.get().id()));
            return;
        }
        turn.say(phrases.html("lead_intro", turn.lang()));
        askPhone(turn, LeadDraft.EMPTY, "lead_ask_phone");
    }

    /** The current step's question once more (after a question of the prospect's was answered). */
    void askAgain(Turn turn, CapturingLead capturing) {
        LeadDraft draft = capturing.draft();
        switch (capturing.step()) {
            case PHONE -> askPhone(turn, draft, "lead_ask_phone");
            case NAME -> askName(turn, draft);
            case COMPANY -> askCompany(turn, draft);
            case CONSENT -> askConsent(turn, draft);
        }
    }

    void onContact(Turn turn, CapturingLead capturing, String phone) {
        if (capturing.step() != LeadStep.PHONE) {
            return;
        }
        // Telegram's own number for the account: kept even where libphonenumber does not know it yet.
        String digits = phone.replaceAll("[^\\d]", "");
        String number = phones.shared(phone).orElse(digits.isEmpty() ? phone.strip() : "+" + digits);
        askName(turn, capturing.draft().withPhone(number));
    }

    void onText(Turn turn, CapturingLead capturing, String text) {
        LeadDraft draft = capturing.draft();
        switch (capturing.step()) {
            case PHONE -> onPhone(turn, draft, text);
            case NAME -> TypedAnswers.name(text).ifPresentOrElse(
                    name -> askCompany(turn, draft.withName(name)),
                    () -> turn.say(phrases.html("lead_bad_name", turn.lang())));
            case COMPANY -> TypedAnswers.company(text).ifPresentOrElse(
                    company -> askConsent(turn, draft.withCompany(company)),
                    () -> askCompany(turn, draft));
            case CONSENT -> TypedAnswers.yesNo(text).ifPresentOrElse(
                    answer -> decide(turn, draft, answer.equals("yes")),
                    () -> askConsent(turn, draft));
        }
    }

    /**
     * A valid number goes on in E.164. One that looks like a number but is not valid (a digit missing, the
     * wrong code) is asked for once more; typed again, it is kept as typed rather than asked a third time.
     */
    private void onPhone(Turn turn, LeadDraft draft, String text) {
        Optional<String> valid = phones.e164(text, regionOf(turn.lang()));
        if (valid.isPresent()) {
            askName(turn, draft.withPhone(valid.get()));
        } else if (!cmoadvisor.text.Phones.looksLikeAPhone(text)) {
            askPhone(turn, draft, "lead_bad_phone");
        } else if (!draft.phoneAskedAgain()) {
            askPhone(turn, draft.askingPhoneAgain(), "lead_phone_invalid");
        } else {
            askName(turn, draft.withPhone(TypedAnswers.phone(text).orElse(text.strip())));
        }
    }

    void onButton(Turn turn, CapturingLead capturing, String data) {
        if (data.equals(SKIP) && capturing.step() == LeadStep.COMPANY) {
            askConsent(turn, capturing.draft());
        } else if ((data.equals(AGREE) || data.equals(DISAGREE)) && capturing.step() == LeadStep.CONSENT) {
            decide(turn, capturing.draft(), data.equals(AGREE));
        }
    }

    private void askPhone(Turn turn, LeadDraft draft, String phraseKey) {
        turn.moveTo(new CapturingLead(LeadStep.PHONE, draft));
        turn.say(phrases.html(phraseKey, turn.lang()),
                new Keyboard.ShareContact(phrases.plain("btn_share_phone", turn.lang())));
    }

    private void askName(Turn turn, LeadDraft draft) {
        turn.moveTo(new CapturingLead(LeadStep.NAME, draft));
        // Removing the share-contact keyboard needs a message of its own kind; the name question is it.
        turn.say(phrases.html("lead_ask_name", turn.lang()), new Keyboard.Remove());
    }

    private void askCompany(Turn turn, LeadDraft draft) {
        turn.moveTo(new CapturingLead(LeadStep.COMPANY, draft));
        turn.say(phrases.html("lead_ask_company", turn.lang(), "name", draft.name() == null ? "" : draft.name()),
                Keyboard.Buttons.column(List.of(new Button(SKIP, phrases.plain("btn_skip", turn.lang())))));
    }

    private void askConsent(Turn turn, LeadDraft draft) {
        turn.moveTo(new CapturingLead(LeadStep.CONSENT, draft));
        turn.say(phrases.html("lead_ask_consent", turn.lang()), new Keyboard.Buttons(List.of(List.of(
                new Button(AGREE, phrases.plain("btn_agree", turn.lang())),
                new Button(DISAGREE, phrases.plain("btn_disagree", turn.lang()))))));
    }

    private void decide(Turn turn, LeadDraft draft, boolean agreed) {
        if (!agreed) {
            turn.moveTo(new ChatState.Idle());
            turn.say(phrases.html("lead_declined", turn.lang()), Menu.keyboard(phrases, turn.lang()));
            return;
        }
        Session s = turn.session();
        Lead lead = turn.store.createLead(new Lead(0, s.chatId(), s.person(), draft.name(), draft.phone(),
                draft.company(), s.lang(), s.source(), s.quizResult(), s.lastQuestions(),
                phrases.plain("lead_ask_consent", turn.lang()), turn.now, Lead.Status.OPEN, null, turn.now));
        turn.update(session -> session.withLeadOnRecord(true));
        turn.moveTo(new ChatState.Relaying(lead.id(), turn.now));
        turn.record(FunnelEvent.Kind.LEFT_CONTACTS);
        turn.say(phrases.html("lead_saved", turn.lang(), "name", lead.name(), "id", lead.id(),
                "reply", desk.replyExpected(turn.lang(), turn.now)));
        desk.leadSaved(lead, s.context().facts(), turn.now).forEach(turn::send);
        if (webhookUrl != null) {
            turn.send(new Outbound.LeadWebhook(lead.id(), webhookUrl, LeadJson.write(lead)));
        }
    }
}
