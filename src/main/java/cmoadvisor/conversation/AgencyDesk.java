package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.WorkingHours;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agency's side of a hand-off, in the agency's group chat.
 *
 * <pre>
 *   lead saved                     → card (status "new"); its reminders scheduled ({@link Reminders})
 *   prospect writes while Relaying → "💬 Lead #id · name: text" to the agency (tied to the lead)
 *   member replies to any bot message about a lead, or writes in the lead's forum topic
 *                                  → the text or media goes to the prospect; a lead nobody had is taken;
 *                                    a lead done less than 14 days ago is open again
 *   member replies "@colleague"    → the lead is handed over to them (taker or admin only)
 *   "Take" on an open lead         → TAKEN by the presser (the database decides who was first)
 *   "Take" on a taken lead         → a pop-up "already taken by @x", nothing changes
 *   "Hand over" by the taker/admin → the desk's people offered as buttons; one pressed → theirs
 *   "Release" by the taker/admin   → open again; the card is new again
 *   "Done"                         → DONE; the prospect's chat goes back to the bot
 *   "Conversation"                 → what the prospect and the bot said, to the group
 *   /help                          → how the desk works, in the agency's language
 *   anything else in the group     → none of the bot's business
 * </pre>
 * Every change edits the card and, when a CRM is set, sends it the change.
 */
final class AgencyDesk {
    static final String ASSIGN = "desk:assign:";
    /** How long after Done a reply (of either side) still reaches the other, opening the lead again. */
    static final Duration REOPEN_WITHIN = Duration.ofDays(14);
    private static final Pattern HANDLE = Pattern.compile("@[A-Za-z0-9_]{4,32}");
    private static final int HISTORY_LINES = 60;
    private static final int MEMBERS_OFFERED = 8;

    private final long agencyChatId;
    private final Lang agencyLang;
    private final Phrases phrases;
    private final Set<Long> admins;
    private final LeadCard card;
    private final WorkingHours hours;
    private final Reminders reminders;
    private final String webhookUrl;

    AgencyDesk(long agencyChatId, Lang agencyLang, Phrases phrases, cmoadvisor.knowledge.Quiz quiz,
               cmoadvisor.knowledge.Pricing pricing, Set<Long> admins, WorkingHours hours, Reminders reminders,
               String webhookUrl) {
        this.agencyChatId = agencyChatId;
        this.agencyLang = agencyLang;
        this.phrases = phrases;
        this.admins = Set.copyOf(admins);
        this.card = new LeadCard(agencyLang, phrases, quiz, pricing);
        this.hours = hours;
        this.reminders = reminders;
        this.webhookUrl = webhookUrl;
    }

    long chatId() {
        return agencyChatId;
    }

    /** A lead just saved: its forum topic (where the group has topics), its card, its first reminder. */
    List<Outbound> leadSaved(Lead lead, DialogueContext.Facts facts, Instant now) {
        return List.of(new Outbound.OpenTopic(agencyChatId, lead.id(), topicName(lead)),
                new Outbound.Message(agencyChatId, card.html(lead, facts, card.status(lead, null, null)), card.keyboard(lead), lead.id()),
                reminders.leadSaved(lead, now));
    }

    /** "№12 · Айгүл · fb_ads": what the lead's forum topic is called. */
    private String topicName(Lead lead) {
        String name = lead.name() == null ? lead.person().handle() : lead.name();
        String title = phrases.plain("topic_name", agencyLang).replace("{id}", String.valueOf(lead.id()))
                .replace("{name}", name).replace("{source}", lead.source() == null ? "" : lead.source());
        title = title.replaceAll("[\\s·]+$", "");
        // Telegram takes up to 128 characters.
        return Texts.shorten(title, 120);
    }

    /** When the prospect can expect a person: within a working day, or when the agency opens next. */
    String replyExpected(Lang lang, Instant now) {
        if (hours.isOpen(now)) {
            return phrases.html("reply_in_hours", lang);
        }
        return phrases.html("reply_after_hours", lang, "hours", WorkingHoursText.hours(hours, lang),
                "when", WorkingHoursText.opening(hours, hours.nextOpening(now), lang));
    }

    /** The bot's messages about a forgotten person's leads lose the personal data (and their buttons). */
    List<Outbound> forgotten(ConversationStore.Forgotten forgotten) {
        List<Outbound> out = new ArrayList<>(forgotten.agencyMessages().stream().<Outbound>map(m -> new Outbound.EditText(
                m.chatId(), m.messageId(), phrases.html("card_forgotten", agencyLang, "id", m.leadId()))).toList());
        // A topic's name has the person's name in it.
        forgotten.leadIds().forEach(id -> out.add(new Outbound.RenameTopic(agencyChatId, id,
                phrases.plain("topic_name", agencyLang).replace("{id}", String.valueOf(id)).replaceAll("\\s*·.*$", ""))));
        // An edit notifies nobody: a lead that was still open is closed with a word to the group.
        forgotten.openLeadIds().forEach(id -> out.add(new Outbound.Message(agencyChatId,
                phrases.html("lead_forgotten_closed", agencyLang, "id", id), Keyboard.NONE, id)));
        return out;
    }

    /** How the prospect sees who answers: the manager's first name, or their handle when Telegram has none. */
    private static String managerName(Person manager) {
        return manager.firstName() != null && !manager.firstName().isBlank() ? manager.firstName() : manager.handle();
    }

    private static String nameOf(Lead lead) {
        return lead.name() == null ? lead.person().handle() : lead.name();
    }

    /** A prospect's message after the agency has been quiet for a while: the group is reminded with it. */
    Outbound.Message relayWaiting(Lead lead, String text, Duration quiet) {
        return new Outbound.Message(agencyChatId, phrases.html("relay_to_agency_waiting", agencyLang, "id", lead.id(),
                "name", nameOf(lead), "minutes", quiet.toMinutes(), "text", text), Keyboard.NONE, lead.id());
    }

    /** A prospect's message during a hand-off, for the agency chat. */
    Outbound.Message relayToAgency(Lead lead, String text) {
        return new Outbound.Message(agencyChatId, phrases.html("relay_to_agency", agencyLang, "id", lead.id(),
                "name", nameOf(lead), "text", text), Keyboard.NONE, lead.id());
    }

    /**
     * A prospect's photo, voice message, file… during a hand-off: a line saying whose and what it is, then
     * the message itself, copied so that the group sees it as it was sent. Both are tied to the lead, so a
     * reply to either reaches the prospect.
     */
    List<Outbound> relayMedia(Lead lead, String kind, long fromChat, long messageId) {
        String what = phrases.plain("media_" + kind, agencyLang);
        return List.of(new Outbound.Message(agencyChatId, phrases.html("relay_media_to_agency", agencyLang, "id", lead.id(),
                        "name", nameOf(lead), "what", what), Keyboard.NONE, lead.id()),
                new Outbound.Copy(agencyChatId, fromChat, messageId, lead.id()));
    }

    /**
     * A prospect's message within 14 days after Done opens the lead again, for whoever had it: the group is
     * told and gets the message; empty when the last lead is not one closed that recently.
     */
    Optional<List<Outbound>> reopenedByProspect(Session prospect, Optional<Lead> last, String text, ConversationStore store,
                                                Instant now) {
        Optional<Lead> done = last.filter(lead -> lead.status() == Lead.Status.DONE)
                .filter(lead -> store.reopenLead(lead.id(), null, now, REOPEN_WITHIN));
        return done.flatMap(lead -> store.lead(lead.id())).map(lead -> {
            List<Outbound> out = new ArrayList<>();
            String who = prospect.person().handle();
            out.add(new Outbound.Message(agencyChatId, phrases.html("lead_reopened_by_prospect", agencyLang, "id", lead.id(),
                    "who", who), Keyboard.NONE, lead.id()));
            out.add(relayToAgency(lead, text));
            editCard(lead, card.reopened(lead, who, now), store).ifPresent(out::add);
            crm(lead, Outbound.LeadWebhook.REOPENED, who, now).ifPresent(out::add);
            return out;
        });
    }

    /** Everything that happens in the agency chat. */
    List<Outbound> handle(Inbound in, ConversationStore store, Instant now) {
        if (in instanceof Inbound.ButtonPress press) {
            return onButton(press, store, now);
        }
        if (in instanceof Inbound.Text text && Commands.DESK_HELP.typed().equals(Commands.typedIn(text.text()))) {
            // The group's only command: how the desk works, for a manager new to it.
            return List.of(new Outbound.Message(agencyChatId, phrases.html("desk_help", agencyLang)));
        }
        Optional<Long> leadId = leadOf(in, store);
        if (leadId.isEmpty()) {
            boolean aReply = in instanceof Inbound.Text text && text.replyTo() != null && !text.text().startsWith("/")
                    || in instanceof Inbound.Media media && media.replyTo() != null;
            // Talk among the agency's people is none of the bot's business; a reply to a message of the bot's
            // that is about no lead (any more) is told so.
            return aReply ? List.of(new Outbound.Message(agencyChatId, phrases.html("agency_reply_unknown", agencyLang))) : List.of();
        }
        store.rememberMember(agencyChatId, in.from(), now);
        if (in instanceof Inbound.Media media) {
            return onReply(leadId.get(), media.from(), store, now,
                    (lead, prospect) -> new Outbound.Copy(lead.chatId(), agencyChatId, media.messageId(), lead.id()));
        }
        Inbound.Text text = (Inbound.Text) in;
        if (HANDLE.matcher(text.text().strip()).matches()) {
            return handOverTo(leadId.get(), text.from(), Person.withHandle(0, text.text().strip()), null, store, now);
        }
        // Tied to the lead, so that a refusal (the prospect blocked the bot) is reported next to it.
        return onReply(leadId.get(), text.from(), store, now, (lead, prospect) -> new Outbound.Message(lead.chatId(),
                phrases.html("relay_from_agency", prospect.lang(), "manager", managerName(text.from()), "text", text.text()),
                Keyboard.NONE, lead.id()));
    }

    /** The lead a message in the agency chat is about: by the bot's message it replies to, or its forum topic. */
    private Optional<Long> leadOf(Inbound in, ConversationStore store) {
        Long replyTo = in instanceof Inbound.Text text && !text.text().startsWith("/") ? text.replyTo()
                : in instanceof Inbound.Media media ? media.replyTo() : null;
        Long thread = in instanceof Inbound.Text text && !text.text().startsWith("/") ? text.threadId()
                : in instanceof Inbound.Media media ? media.threadId() : null;
        Optional<Long> byReply = replyTo == null ? Optional.empty() : store.leadOfAgencyMessage(agencyChatId, replyTo);
        return byReply.isPresent() || thread == null ? byReply : store.leadOfTopic(agencyChatId, thread);
    }

    /**
     * A manager's message about a lead reaches its prospect (and takes a lead nobody has yet);
     * {@code toProspect} makes what the prospect gets, in their language.
     */
    private List<Outbound> onReply(long leadId, Person from, ConversationStore store, Instant now,
                                   java.util.function.BiFunction<Lead, Session, Outbound> toProspect) {
        Optional<Lead> lead = store.lead(leadId);
        if (lead.isEmpty()) {
            return List.of(new Outbound.Message(agencyChatId, phrases.html("agency_reply_unknown", agencyLang)));
        }
        Lead found = lead.get();
        List<Outbound> out = new ArrayList<>();
        if (!found.isOpen()) {
            // A reply after Done, within REOPEN_WITHIN, picks the conversation up again rather than being lost.
            if (!store.reopenLead(found.id(), from.handle(), now, REOPEN_WITHIN)) {
                return List.of(new Outbound.Message(agencyChatId, phrases.html("agency_lead_closed", agencyLang, "id", found.id())));
            }
            Lead reopened = store.lead(found.id()).orElse(found);
            out.add(new Outbound.Message(agencyChatId, phrases.html("lead_reopened", agencyLang, "id", found.id(),
                    "who", from.handle()), Keyboard.NONE, found.id()));
            editCard(reopened, card.reopened(reopened, from.handle(), now), store).ifPresent(out::add);
            crm(reopened, Outbound.LeadWebhook.REOPENED, from.handle(), now).ifPresent(out::add);
        } else if (found.status() == Lead.Status.OPEN && store.claimLead(found.id(), from.handle())) {
            Lead taken = found.withStatus(Lead.Status.TAKEN, from.handle());
            store.record(FunnelEvent.ofLead(taken, FunnelEvent.Kind.LEAD_TAKEN, now));
            editCard(taken, card.status(taken, from.handle(), now), store).ifPresent(out::add);
            crm(taken, Outbound.LeadWebhook.TAKEN, from.handle(), now).ifPresent(out::add);
        }
        Session prospect = store.session(found.chatId()).orElseGet(() -> Session.fresh(found.chatId(), found.person(), found.lang()));
        store.save(prospect.withState(new ChatState.Relaying(found.id(), now)));
        out.add(toProspect.apply(found, prospect));
        return out;
    }

    private List<Outbound> onButton(Inbound.ButtonPress press, ConversationStore store, Instant now) {
        String data = press.data();
        String prefix = List.of(LeadCard.TAKE, LeadCard.DONE, LeadCard.RELEASE, LeadCard.HAND_OVER, LeadCard.HISTORY, ASSIGN)
                .stream().filter(data::startsWith).findFirst().orElse(null);
        if (prefix == null) {
            return List.of(new Outbound.ButtonAnswer(press.callbackId(), null));
        }
        String[] args = data.substring(prefix.length()).split(":");
        long leadId;
        long memberId;
        try {
            leadId = Long.parseLong(args[0]);
            memberId = args.length > 1 ? Long.parseLong(args[1]) : 0;
        } catch (NumberFormatException e) {
            return List.of(expired(press));
        }
        Optional<Lead> found = store.lead(leadId);
        if (found.isPresent() && prefix.equals(LeadCard.HISTORY)) {
            return history(press, found.get(), store);
        }
        if (found.isEmpty() || !found.get().isOpen()) {
            return List.of(expired(press));
        }
        store.rememberMember(agencyChatId, press.from(), now);
        Lead lead = found.get();
        String who = press.from().handle();
        return switch (prefix) {
            case LeadCard.TAKE -> take(press, lead, who, store, now);
            case LeadCard.RELEASE -> release(press, lead, who, store, now);
            case LeadCard.HAND_OVER -> offerColleagues(press, lead, store);
            case ASSIGN -> store.members(agencyChatId).stream().filter(m -> m.id() == memberId).findFirst()
                    .map(member -> handOverTo(lead.id(), press.from(), member, press, store, now))
                    .orElseGet(() -> List.of(expired(press)));
            default -> done(press, lead, who, store, now);
        };
    }

    private Outbound.ButtonAnswer expired(Inbound.ButtonPress press) {
        return new Outbound.ButtonAnswer(press.callbackId(), phrases.plain("button_expired", agencyLang));
    }

    private Outbound.ButtonAnswer alert(Inbound.ButtonPress press, String key, Object... values) {
        return new Outbound.ButtonAnswer(press.callbackId(), cmoadvisor.text.Html.toPlainText(phrases.html(key, agencyLang, values)), true);
    }

    private List<Outbound> take(Inbound.ButtonPress press, Lead lead, String who, ConversationStore store, Instant now) {
        if (!store.claimLead(lead.id(), who)) {
            Lead taken = store.lead(lead.id()).orElse(lead);
            return who.equals(taken.takenBy()) ? List.of(alert(press, "lead_already_yours"))
                    : List.of(alert(press, "lead_already_taken", "id", lead.id(), "who", String.valueOf(taken.takenBy())));
        }
        Lead taken = lead.withStatus(Lead.Status.TAKEN, who);
        store.record(FunnelEvent.ofLead(taken, FunnelEvent.Kind.LEAD_TAKEN, now));
        List<Outbound> out = new ArrayList<>(List.of(new Outbound.ButtonAnswer(press.callbackId(), null),
                cardNow(press.messageId(), taken, card.status(taken, who, now), store),
                new Outbound.Message(agencyChatId, phrases.html("lead_taken", agencyLang, "id", lead.id(), "who", who),
                        Keyboard.NONE, lead.id())));
        crm(taken, Outbound.LeadWebhook.TAKEN, who, now).ifPresent(out::add);
        return out;
    }

    private boolean mayChange(Inbound.ButtonPress press, Lead lead) {
        return press.from().handle().equals(lead.takenBy()) || admins.contains(press.from().id());
    }

    private List<Outbound> release(Inbound.ButtonPress press, Lead lead, String who, ConversationStore store, Instant now) {
        if (!mayChange(press, lead) || !store.releaseLead(lead.id())) {
            return List.of(alert(press, "lead_release_not_yours"));
        }
        Lead open = lead.withStatus(Lead.Status.OPEN, null);
        return List.of(new Outbound.ButtonAnswer(press.callbackId(), null),
                cardNow(press.messageId(), open, card.status(open, who, now), store),
                new Outbound.Message(agencyChatId, phrases.html("lead_released", agencyLang, "id", lead.id(), "who", who),
                        Keyboard.NONE, lead.id()));
    }

    /** The desk's people as buttons, the taker left out; or how to name a colleague who is not among them. */
    private List<Outbound> offerColleagues(Inbound.ButtonPress press, Lead lead, ConversationStore store) {
        if (lead.status() != Lead.Status.TAKEN || !mayChange(press, lead)) {
            return List.of(alert(press, "lead_release_not_yours"));
        }
        List<Button> colleagues = store.members(agencyChatId).stream()
                .filter(m -> !m.handle().equals(lead.takenBy())).limit(MEMBERS_OFFERED)
                .map(m -> new Button(ASSIGN + lead.id() + ":" + m.id(), m.handle())).toList();
        return List.of(new Outbound.ButtonAnswer(press.callbackId(), null), new Outbound.Message(agencyChatId,
                phrases.html("hand_over_whom", agencyLang, "id", lead.id()),
                colleagues.isEmpty() ? Keyboard.NONE : Keyboard.Buttons.column(colleagues), lead.id()));
    }

    /** The lead goes from its taker to {@code to}: asked for by the taker or an admin, with a button or "@name". */
    private List<Outbound> handOverTo(long leadId, Person by, Person to, Inbound.ButtonPress press, ConversationStore store,
                                      Instant now) {
        Optional<Lead> found = store.lead(leadId).filter(l -> l.status() == Lead.Status.TAKEN);
        boolean allowed = found.isPresent() && (by.handle().equals(found.get().takenBy()) || admins.contains(by.id()));
        if (!allowed || !store.reassignLead(leadId, found.get().takenBy(), to.handle())) {
            Outbound refusal = press != null ? alert(press, "lead_release_not_yours")
                    : new Outbound.Message(agencyChatId, phrases.html("hand_over_refused", agencyLang, "id", leadId));
            return List.of(refusal);
        }
        Lead handed = found.get().withStatus(Lead.Status.TAKEN, to.handle());
        List<Outbound> out = new ArrayList<>();
        if (press != null) {
            out.add(new Outbound.ButtonAnswer(press.callbackId(), null));
        }
        out.add(new Outbound.Message(agencyChatId, phrases.html("lead_handed_over", agencyLang, "id", leadId,
                "from", found.get().takenBy(), "to", to.handle()), Keyboard.NONE, leadId));
        editCard(handed, card.status(handed, to.handle(), now), store).ifPresent(out::add);
        crm(handed, Outbound.LeadWebhook.REASSIGNED, by.handle(), now).ifPresent(out::add);
        return out;
    }

    /** What the prospect and the bot said, oldest first, as one message for the group (split if long). */
    private List<Outbound> history(Inbound.ButtonPress press, Lead lead, ConversationStore store) {
        if (lead.person().id() == 0) {
            // A forgotten person's conversation is gone.
            return List.of(expired(press));
        }
        List<ConversationStore.TranscriptLine> lines = store.transcript(lead.chatId(), HISTORY_LINES);
        StringBuilder html = new StringBuilder(phrases.html("history_title", agencyLang, "id", lead.id(), "name", nameOf(lead)));
        String prospect = phrases.plain("history_prospect", agencyLang);
        String bot = phrases.plain("history_bot", agencyLang);
        for (ConversationStore.TranscriptLine line : lines) {
            html.append("\n\n<b>").append(cmoadvisor.text.Html.escape("in".equals(line.direction()) ? prospect : bot))
                    .append(":</b> ").append(cmoadvisor.text.Html.escape(Texts.shorten(line.text(), 600)));
        }
        if (lines.isEmpty()) {
            html.append("\n\n").append(phrases.html("history_empty", agencyLang));
        }
        return List.of(new Outbound.ButtonAnswer(press.callbackId(), null),
                new Outbound.Message(agencyChatId, html.toString(), Keyboard.NONE, lead.id()));
    }

    private List<Outbound> done(Inbound.ButtonPress press, Lead lead, String who, ConversationStore store, Instant now) {
        Lead done = lead.withStatus(Lead.Status.DONE, who);
        store.updateLead(done);
        store.record(FunnelEvent.ofLead(done, FunnelEvent.Kind.LEAD_DONE, now));
        List<Outbound> out = new ArrayList<>(List.of(new Outbound.ButtonAnswer(press.callbackId(), null),
                cardNow(press.messageId(), done, card.status(done, who, now), store),
                new Outbound.Message(agencyChatId, phrases.html("lead_done", agencyLang, "id", lead.id(), "who", who))));
        crm(done, Outbound.LeadWebhook.DONE, who, now).ifPresent(out::add);
        store.session(done.chatId()).ifPresent(prospect -> {
            if (prospect.state() instanceof ChatState.Relaying relaying && relaying.leadId() == lead.id()) {
                store.save(prospect.withState(new ChatState.Idle()));
                out.add(new Outbound.Message(done.chatId(), phrases.html("relay_ended", prospect.lang())));
            }
        });
        return out;
    }

    /** The card as the lead stands now, to replace the one sent before. */
    private Outbound.EditText cardNow(long messageId, Lead lead, String statusHtml, ConversationStore store) {
        DialogueContext.Facts facts = store.session(lead.chatId()).map(s -> s.context().facts())
                .orElse(DialogueContext.Facts.NONE);
        return new Outbound.EditText(agencyChatId, messageId, card.html(lead, facts, statusHtml), card.keyboard(lead));
    }

    /** The card edited where it was sent, when a change comes from elsewhere than its buttons. */
    private Optional<Outbound> editCard(Lead lead, String statusHtml, ConversationStore store) {
        return store.cardOf(lead.id()).map(m -> cardNow(m.messageId(), lead, statusHtml, store));
    }

    /** The change for the CRM, when one is set; its own idempotency key, so a retry is not a second change. */
    private Optional<Outbound> crm(Lead lead, String event, String who, Instant at) {
        return Optional.ofNullable(webhookUrl).map(url -> new Outbound.LeadWebhook(lead.id(), url,
                LeadJson.change(lead, event, who, at), event, at.toEpochMilli()));
    }
}
