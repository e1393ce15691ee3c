package cmoadvisor.conversation;

import cmoadvisor.knowledge.Dialogue;
import cmoadvisor.knowledge.Dialogue.AmountKind;
import cmoadvisor.knowledge.DialogueAct;
import cmoadvisor.knowledge.FollowUps;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.Answer;
import cmoadvisor.search.AnswerEngine;
import cmoadvisor.text.Markdown;
import cmoadvisor.understanding.Understander;
import cmoadvisor.understanding.Understanding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * The transport-free heart of the bot: an inbound event and the chat's stored session in, the replies
 * out. It knows nothing of Telegram, the terminal or SQL, so the same conversation runs in both transports
 * and in tests. The flows are declared in their own classes (QuizFlow, LeadFlow, PriceFlow, AgencyDesk);
 * this class only routes:
 *
 * <pre>
 *   agency chat                 → AgencyDesk
 *   other group chats           → ignored
 *   /command                    → the command, in any state
 *   button press                → by the button's id prefix (menu:, lang:, quiz:, lead:, forget:)
 *   shared contact              → LeadFlow when it asks for the phone
 *   text                        → understood first (language, acts, amounts: {@link Understander}),
 *                                 then the first row of {@link #policy} that applies
 * </pre>
 */
public final class ConversationEngine {
    /** Telegram deep-link payloads: letters, digits, _ and -, up to 64 characters. */
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** "Дорого" in a long message is part of a question, answered as one ("штатный дорого, а внешний?"). */
    private static final int OBJECTION_MAX_WORDS = 10;
    private static final int SMALL_TALK_REMAINDER_WORDS = 4;

    private final AnswerEngine answers;
    private final Phrases phrases;
    private final FollowUps followUps;
    private final Duration relayQuietPeriod;
    private final Set<Long> admins;
    private final AgencyDesk desk;
    private final Reminders reminders;
    private final QuizFlow quiz;
    private final LeadFlow leads;
    private final PriceFlow prices;
    private final NumberAdvice numbers;
    private final Understander understander;
    private final Foresight foresight;
    private final Dialogue dialogue;
    private final Set<String> answeredAgencyTopics;

    /** One row of the dialogue policy: when it applies, and what it does. */
    private record Rule(String id, String name, BiPredicate<Turn, Understanding> when, BiConsumer<Turn, Understanding> then) {
    }

    /** What the engine made of one event: for {@code ask}, the statistics and the tests. */
    public record Decision(boolean answered, String topic, double score) {
        static final Decision NONE = new Decision(false, null, 0);
    }

    /** The replies to one event and what was decided. */
    public record Handled(List<Outbound> replies, Decision decision) {
    }

    /**
     * The dialogue policy for typed text: read top to bottom, the first row whose condition holds decides.
     * Flows that own the chat (the quiz, the calculator, the hand-off, a relayed conversation) come first;
     * then typed requests, answers to the bot's own offer, numbers, small talk, and last the knowledge.
     */
    private final List<Rule> policy;

    private List<Rule> buildPolicy() {
        return List.of(
            new Rule("quiz-left", "\"хочу поговорить с менеджером\" in the quiz leaves it for the hand-off",
                    (t, u) -> t.state() instanceof ChatState.InQuiz && u.has(DialogueAct.ASK_HUMAN), (t, u) -> leads.start(t)),
            new Rule("quiz", "the quiz takes answers; a question in between is answered", (t, u) -> t.state() instanceof ChatState.InQuiz,
                    (t, u) -> quiz.onText(t, (ChatState.InQuiz) t.state(), u.text())),
            new Rule("calculator", "the calculator takes a salary", (t, u) -> t.state() instanceof ChatState.AwaitingSalary
                    && u.mainAmount().isPresent() && u.moneyKind().filter(kind -> kind != AmountKind.SALARY).isEmpty(),
                    (t, u) -> prices.onSalary(t, u.text())),
            new Rule("calculator-left", "the calculator: a request or a question leaves it", (t, u) -> t.state() instanceof ChatState.AwaitingSalary
                    && (u.hasContent() && u.text().strip().split("\\s+").length > 2 || isRequest(u) || u.moneyKind().isPresent()
                    || u.has(DialogueAct.DENY) || u.has(DialogueAct.THANKS) || u.has(DialogueAct.BYE)),
                    (t, u) -> {
                        t.moveTo(new ChatState.Idle());
                        decide(t, u);
                    }),
            new Rule("calculator-again", "the calculator: anything else is asked again", (t, u) -> t.state() instanceof ChatState.AwaitingSalary,
                    (t, u) -> t.say(phrases.html("calc_bad_input", t.lang()))),
            new Rule("handoff-question", "a question instead of a name or a company is answered, and the step asked again",
                    (t, u) -> t.state() instanceof ChatState.CapturingLead capturing && capturing.step() != ChatState.LeadStep.PHONE
                            && u.text().contains("?"),
                    (t, u) -> {
                        ChatState.CapturingLead capturing = (ChatState.CapturingLead) t.state();
                        if (answerQuestion(t, u, false)) {
                            leads.askAgain(t, capturing);
                        } else {
                            leads.onText(t, capturing, u.text());
                        }
                    }),
            new Rule("handoff", "the hand-off collects contacts", (t, u) -> t.state() instanceof ChatState.CapturingLead,
                    (t, u) -> leads.onText(t, (ChatState.CapturingLead) t.state(), u.text())),
            new Rule("relay", "an open hand-off relays to the agency", (t, u) -> t.state() instanceof ChatState.Relaying relaying
                    && !quiet(relaying, t.now) && openLead(t, relaying),
                    (t, u) -> relay(t, (ChatState.Relaying) t.state(), u.text())),
            new Rule("request:human", "\"позовите менеджера\"", (t, u) -> u.has(DialogueAct.ASK_HUMAN), (t, u) -> leads.start(t)),
            new Rule("request:quiz", "\"давайте тест\"", (t, u) -> u.has(DialogueAct.ASK_QUIZ), (t, u) -> quiz.start(t)),
            new Rule("offer:yes", "\"да\" to the bot's offer", (t, u) -> pendingOffer(t) != null && u.has(DialogueAct.AFFIRM)
                    && !asksSomething(u), (t, u) -> accept(t, pendingOffer(t))),
            new Rule("offer:no", "\"нет\" to the bot's offer", (t, u) -> pendingOffer(t) != null && u.has(DialogueAct.DENY)
                    && !asksSomething(u), (t, u) -> t.say(phrases.html("offer_declined", t.lang()))),
            new Rule("request:calculator", "\"посчитайте\" with or without a salary", (t, u) -> u.has(DialogueAct.ASK_CALCULATOR),
                    (t, u) -> u.mainAmount().ifPresentOrElse(amount -> prices.compare(t, amount), () -> prices.startCalculator(t))),
            new Rule("request:prices", "\"покажите цены\"", (t, u) -> u.has(DialogueAct.ASK_PRICES)
                    && u.content().split("\\s+").length <= 4, (t, u) -> prices.showPrices(t)),
            new Rule("numbers", "a salary, budget, turnover or hours in the text",
                    (t, u) -> numbers.applies(u, t.session().context().amountKind()), (t, u) -> numbers.advise(t, u)),
            new Rule("smalltalk", "small talk alone", (t, u) -> !u.hasContent() && !u.acts().isEmpty(), this::smallTalk),
            new Rule("no-words", "only pictographs or punctuation (😀, ?, ...)", (t, u) -> !u.text().isBlank()
                    && u.text().codePoints().noneMatch(Character::isLetterOrDigit), (t, u) -> {
                        if (u.text().codePoints().anyMatch(c -> Character.getType(c) == Character.OTHER_SYMBOL)) {
                            reply(t, DialogueAct.ACKNOWLEDGE, Keyboard.NONE);
                        } else {
                            t.say(phrases.html("ask_prompt", t.lang()), Menu.keyboard(phrases, t.lang()));
                        }
                    }),
            new Rule("what-amount", "an amount alone, about nothing said (\"5000\")", (t, u) -> u.mainAmount().isPresent()
                    && u.moneyKind().isEmpty() && u.content().split("\\s+").length <= 2,
                    (t, u) -> t.say(phrases.html("num_what_amount", t.lang()), Keyboard.Buttons.column(List.of(
                            Menu.followUp(FollowUps.Action.CALCULATOR, phrases, t.lang()),
                            Menu.followUp(FollowUps.Action.PRICES, phrases, t.lang()))))),
            new Rule("objection", "\"дорого\"", (t, u) -> u.has(DialogueAct.OBJECTION)
                    && u.text().split("\\s+").length <= OBJECTION_MAX_WORDS, (t, u) -> reply(t, DialogueAct.OBJECTION, Keyboard.NONE)),
            new Rule("decline:agency", "a fact about the agency the article does not give", (t, u) ->
                    (u.agencyFact() || u.agencyMaybe()) && !answeredByKnowledge(t, u),
                    (t, u) -> declineWithOffer(t, u, "decline_agency")),
            new Rule("decline:off-topic", "a question about something else", (t, u) -> u.offTopic(), (t, u) -> declineWithOffer(t, u, null)),
            new Rule("knowledge", "a question: answered from the knowledge, or declined", (t, u) -> true,
                    (t, u) -> {
                        if (!answerQuestion(t, u, false)) {
                            // "Благодарю, очень помогли": small talk whose few other words the knowledge does not answer.
                            boolean smallTalk = u.acts().stream().anyMatch(DialogueAct::isSmallTalk)
                                    && u.content().split("\\s+").length <= SMALL_TALK_REMAINDER_WORDS;
                            if (smallTalk) {
                                smallTalk(t, u);
                            } else {
                                declineWithOffer(t, u, null);
                            }
                        }
                    }));
    }

    /**
     * How the conversation is set up for one deployment.
     *
     * @param leadWebhookUrl where new leads are POSTed for a CRM, or null
     */
    /** @param agencyCountry ISO 3166 code of the agency's country: a phone typed without a code is read there first */
    public record Options(long agencyChatId, Lang agencyLanguage, Duration relayQuietPeriod, Set<Long> adminIds,
                          String leadWebhookUrl, String agencyCountry) {
        public static final String DEFAULT_COUNTRY = "KG";

        public Options {
            adminIds = Set.copyOf(adminIds);
            agencyCountry = agencyCountry == null ? DEFAULT_COUNTRY : agencyCountry;
        }

        public Options(long agencyChatId, Lang agencyLanguage, Duration relayQuietPeriod, Set<Long> adminIds,
                       String leadWebhookUrl) {
            this(agencyChatId, agencyLanguage, relayQuietPeriod, adminIds, leadWebhookUrl, DEFAULT_COUNTRY);
        }
    }

    public ConversationEngine(AnswerEngine answers, Options options) {
        KnowledgeBase knowledge = answers.knowledge();
        this.answers = answers;
        this.phrases = new Phrases(knowledge.messages(), knowledge.pricing());
        this.understander = new Understander(answers);
        this.foresight = new Foresight(new Foresight.Work() {
            @Override
            public Understanding understand(String text, Lang lang) {
                return understander.understand(text, lang);
            }

            @Override
            public Answer answer(Foresight.AnswerKey key) {
                return answers.answer(key.content(), key.typed(), key.searchLang(), key.replyLang(), key.lastTopic());
            }

            @Override
            public Lang replyLang(Understanding understood, Lang lang, boolean langChosen) {
                // As onText does: a chat without a chosen language follows its messages.
                return langChosen ? lang : understood.lang().orElse(lang);
            }
        });
        this.dialogue = knowledge.dialogue();
        this.answeredAgencyTopics = Set.copyOf(dialogue.agency().answeredBy());
        this.followUps = knowledge.followUps();
        this.relayQuietPeriod = options.relayQuietPeriod();
        this.admins = options.adminIds();
        this.reminders = new Reminders(knowledge.desk(), options.agencyChatId(), options.agencyLanguage(),
                options.adminIds(), phrases, this::askAgain);
        this.desk = new AgencyDesk(options.agencyChatId(), options.agencyLanguage(), phrases, knowledge.quiz(),
                knowledge.pricing(), options.adminIds(), knowledge.desk().hours(), reminders, options.leadWebhookUrl());
        this.quiz = new QuizFlow(knowledge.quiz(), knowledge.pricing(), phrases,
                (turn, question) -> answerQuestion(turn, foresight.understanding(turn.chatId(), question, turn.lang()), false));
        this.leads = new LeadFlow(phrases, desk, options.leadWebhookUrl(), new cmoadvisor.text.Phones(options.agencyCountry()));
        this.prices = new PriceFlow(knowledge.pricing(), phrases);
        this.numbers = new NumberAdvice(knowledge.pricing(), knowledge.quiz(), phrases, prices);
        this.policy = buildPolicy();
    }

    public long agencyChatId() {
        return desk.chatId();
    }

    /**
     * The apology for a message the bot failed to process however often it tried (it has been set aside
     * for the admins), in the chat's language; nothing for a group.
     */
    public List<Outbound> apologise(long chatId, Person from, ConversationStore store) {
        if (chatId <= 0) {
            return List.of();
        }
        Lang lang = store.session(chatId).map(Session::lang).orElseGet(() -> from == null ? Lang.PRIMARY : initialLanguage(from));
        return List.of(new Outbound.Message(chatId, phrases.html("error", lang)));
    }

    /**
     * A reminder that came due, inside the caller's transaction of {@code store}: what it sends, or nothing
     * when it no longer applies (see {@link Reminders}).
     */
    public List<Outbound> onReminder(Outbound.Reminder reminder, ConversationStore store, Instant now) {
        return reminders.due(reminder, store, now);
    }

    /** The step a prospect stopped at, asked again by the flow that owns it. */
    private void askAgain(Turn turn, ChatState state) {
        if (state instanceof ChatState.InQuiz inQuiz) {
            quiz.askAgain(turn, inQuiz);
        } else if (state instanceof ChatState.CapturingLead capturing) {
            leads.askAgain(turn, capturing);
        }
    }

    /** Handles one event inside the caller's transaction of {@code store}; returns the replies to send. */
    public List<Outbound> handle(Inbound in, ConversationStore store, Instant now) {
        return handleDetailed(in, store, now).replies();
    }

    /** As {@link #handle}, with what the engine decided (answered, which topic or act). */
    public Handled handleDetailed(Inbound in, ConversationStore store, Instant now) {
        if (in.chatId() == desk.chatId()) {
            return new Handled(desk.handle(in, store, now), Decision.NONE);
        }
        if (in.chatId() < 0) {
            return new Handled(List.of(), Decision.NONE);
        }
        Session session = store.session(in.chatId())
                .orElseGet(() -> Session.fresh(in.chatId(), in.from(), initialLanguage(in.from())))
                .withPerson(in.from());
        DialogueContext context = session.context();
        if (context.remindedAt() != null && (context.lastSeen() == null || context.lastSeen().isBefore(context.remindedAt()))) {
            store.record(FunnelEvent.of(session, FunnelEvent.Kind.CAME_BACK, now));
        }
        Turn turn = new Turn(store, session.withContext(context.seen(now)), now);
        if (in instanceof Inbound.Text text && text.text().strip().startsWith("/")) {
            command(turn, text.text().strip());
        } else if (in instanceof Inbound.Text text) {
            onText(turn, text.text());
        } else if (in instanceof Inbound.ButtonPress press) {
            turn.send(new Outbound.ButtonAnswer(press.callbackId(), null));
            onButton(turn, press.data());
        } else if (in instanceof Inbound.Document document && admins.contains(in.from().id())) {
            turn.send(new Outbound.AdminTask(turn.chatId(), in.from().id(), "upload", document.caption(), turn.lang(),
                    document.fileId(), document.fileName()));
        } else if (in instanceof Inbound.SharedContact contact && turn.state() instanceof ChatState.CapturingLead capturing) {
            leads.onContact(turn, capturing, contact.phone());
        } else if (passedOn(in) > 0 && turn.state() instanceof ChatState.Relaying relaying && openLead(turn, relaying)) {
            // During a hand-off everything reaches the agency as it was sent, also after the quiet period.
            turn.store.lead(relaying.leadId()).ifPresent(lead -> desk.relayMedia(lead, mediaKind(in), turn.chatId(), passedOn(in))
                    .forEach(turn::send));
            reminders.messageRelayed(turn).ifPresent(turn::send);
        } else if (in instanceof Inbound.SharedContact) {
            turn.say(phrases.html("ask_prompt", turn.lang()), new Keyboard.Remove());
        } else {
            turn.say(phrases.html("unsupported", turn.lang()));
        }
        reminders.turnEnded(turn.session(), now).ifPresent(turn::send);
        store.save(turn.session());
        foresight.turnEnded(turn.session());
        return new Handled(turn.replies(), turn.decision());
    }

    /**
     * Starts understanding and answering a prospect's message on {@code executor}, before its turn (see
     * {@link Foresight}); the turn takes what was worked out when it reads the message the same way. The
     * caller hands over the messages it is about to process, in order; anything else is left alone.
     */
    public void foresee(Inbound in, java.util.concurrent.Executor executor) {
        foreseeable(in).ifPresent(m -> foresight.foresee(m.chatId(), m.text(), m.firstLang(), executor));
    }

    /**
     * Works out these messages' understanding and answer now, on the caller's thread and beside it, and
     * returns when all are done (see {@link Foresight#prepare}): a caller about to run their turns inside a
     * transaction calls it first, so that the turns hold the store only for what needs it.
     */
    public void prepare(List<Inbound> events) {
        foresight.prepare(events.stream().flatMap(in -> foreseeable(in).stream()).toList());
    }

    /** A prospect's message, which foresight can work out: not a command, a button, the agency's group. */
    private Optional<Foresight.Message> foreseeable(Inbound in) {
        if (in instanceof Inbound.Text text && in.chatId() > 0 && in.chatId() != desk.chatId() && text.text() != null
                && !text.text().strip().startsWith("/")) {
            return Optional.of(new Foresight.Message(in.chatId(), text.text(), initialLanguage(in.from())));
        }
        return Optional.empty();
    }

    private void command(Turn turn, String text) {
        String[] parts = text.split("\\s+", 2);
        String command = Commands.typedIn(text);
        String argument = parts.length > 1 ? parts[1].strip() : "";
        // Admin commands exist only for admins: anyone else gets the ordinary reply, as if they did not exist.
        if (Commands.admin(command).isPresent() && isAdmin(turn)) {
            turn.send(new Outbound.AdminTask(turn.chatId(), turn.session().person().id(), command, argument,
                    turn.lang(), null, null));
            return;
        }
        switch (command) {
            case "/start" -> {
                if (turn.session().source() == null && SOURCE.matcher(argument).matches()) {
                    turn.update(s -> s.withSource(argument));
                }
                if (!(turn.state() instanceof ChatState.Relaying)) {
                    turn.moveTo(new ChatState.Idle());
                }
                turn.record(FunnelEvent.Kind.STARTED);
                turn.say(phrases.html("welcome", turn.lang()), Menu.keyboard(phrases, turn.lang()));
            }
            case "/help" -> help(turn);
            case "/quiz" -> quiz.start(turn);
            case "/prices" -> prices.showPrices(turn);
            case "/human" -> leads.start(turn);
            case "/lang" -> Lang.fromCode(argument).ifPresentOrElse(
                    lang -> chooseLanguage(turn, lang),
                    () -> turn.say(phrases.html("choose_language", turn.lang()), Menu.languages()));
            case "/cancel" -> {
                boolean busy = !(turn.state() instanceof ChatState.Idle);
                turn.moveTo(new ChatState.Idle());
                turn.say(phrases.html(busy ? "cancelled" : "nothing_to_cancel", turn.lang()), new Keyboard.Remove());
            }
            case "/forget" -> {
                turn.moveTo(new ChatState.ConfirmingForget());
                turn.say(phrases.html("forget_confirm", turn.lang()), new Keyboard.Buttons(List.of(List.of(
                        new Button(Menu.FORGET_YES, phrases.plain("btn_forget_yes", turn.lang())),
                        new Button(Menu.FORGET_NO, phrases.plain("btn_forget_no", turn.lang()))))));
            }
            default -> help(turn);
        }
    }

    private boolean isAdmin(Turn turn) {
        return admins.contains(turn.session().person().id());
    }

    /** The ordinary help; an admin's lists the admin commands too, with the descriptions of their menu. */
    private void help(Turn turn) {
        StringBuilder html = new StringBuilder(phrases.html("help", turn.lang()));
        if (isAdmin(turn)) {
            html.append("\n\n").append(phrases.html("help_admin", turn.lang()));
            for (Commands.Command command : Commands.ADMIN) {
                html.append('\n').append(command.typed()).append(" — ")
                        .append(cmoadvisor.text.Html.escape(phrases.plain(command.descriptionKey(), turn.lang())));
            }
        }
        turn.say(html.toString(), Menu.keyboard(phrases, turn.lang()));
    }

    private void onButton(Turn turn, String data) {
        ChatState state = turn.state();
        if (data.startsWith(QuizFlow.BUTTON_PREFIX)) {
            quiz.onButton(turn, data);
        } else if (data.startsWith("lead:") && state instanceof ChatState.CapturingLead capturing) {
            leads.onButton(turn, capturing, data);
        } else if (data.startsWith(Menu.LANGUAGE_PREFIX)) {
            Lang.fromCode(data.substring(Menu.LANGUAGE_PREFIX.length())).ifPresent(lang -> chooseLanguage(turn, lang));
        } else if (data.equals(Menu.FORGET_YES) && state instanceof ChatState.ConfirmingForget) {
            ConversationStore.Forgotten forgotten = turn.store.forget(turn.chatId());
            desk.forgotten(forgotten).forEach(turn::send);
            leads.forgotten(forgotten).forEach(turn::send);
            Lang lang = turn.lang();
            // Only the id stays, to keep the chat's language; names come back only if the person writes again.
            turn.update(s -> Session.fresh(s.chatId(), new Person(s.person().id(), null, null, null), lang));
            turn.say(phrases.html("forgotten", lang));
        } else if (data.equals(Menu.FORGET_NO) && state instanceof ChatState.ConfirmingForget) {
            turn.moveTo(new ChatState.Idle());
            turn.say(phrases.html("forget_kept", turn.lang()));
        } else {
            menu(turn, data);
        }
    }

    private void menu(Turn turn, String data) {
        switch (data) {
            case Menu.ASK -> turn.say(phrases.html("ask_prompt", turn.lang()));
            case Menu.QUIZ -> quiz.start(turn);
            case Menu.PRICES -> prices.showPrices(turn);
            case Menu.CALCULATOR -> prices.startCalculator(turn);
            case Menu.HUMAN -> leads.start(turn);
            case Menu.NO_THANKS -> turn.say(phrases.html("ask_prompt", turn.lang()));
            // A button from an old message whose step is over: the press is answered, nothing else.
            default -> { }
        }
    }

    private void onText(Turn turn, String text) {
        ChatState state = turn.state();
        Understanding understood = foresight.understanding(turn.chatId(), text, turn.lang());
        // Names, companies, phone numbers and amounts say nothing about the language; questions do.
        boolean freeText = !(state instanceof ChatState.CapturingLead || state instanceof ChatState.AwaitingSalary);
        if (freeText && turn.session().chosenLang() == null) {
            understood.lang().ifPresent(lang -> turn.update(s -> s.withLang(lang)));
        }
        if (freeText) {
            remember(turn, understood);
        }
        if (state instanceof ChatState.Idle && understood.hasContent() && !Boolean.FALSE.equals(turn.session().leadOnRecord())) {
            // Within 14 days after Done, what the prospect writes reaches the manager again. A chat known
            // never to have left a lead is not looked up at every message.
            Optional<Lead> last = turn.store.lastLeadOfChat(turn.chatId());
            turn.update(s -> s.withLeadOnRecord(last.isPresent()));
            Optional<List<Outbound>> reopened = desk.reopenedByProspect(turn.session(), last, understood.text(), turn.store, turn.now);
            if (reopened.isPresent()) {
                reopened.get().forEach(turn::send);
                Lead lead = turn.store.lastLeadOfChat(turn.chatId()).orElseThrow();
                turn.moveTo(new ChatState.Relaying(lead.id(), turn.now));
                reminders.messageRelayed(turn).ifPresent(turn::send);
                // A question the knowledge answers is answered at once; the manager sees it all the same.
                if (!answerQuestion(turn, understood, false)) {
                    turn.say(phrases.html("lead_reopened_for_prospect", turn.lang(), "id", lead.id()));
                }
                return;
            }
        }
        DialogueContext.Offer offered = turn.session().context().offer();
        // An offer is open for one message: whatever the reply, it makes its own offer or none.
        turn.update(s -> s.withContext(s.context().withOffer(null)));
        turn.pendingOffer = offered;
        // A hand-off nobody at the agency answered for a while: the bot answers again, and the message still
        // reaches the group, marked as waiting, until a manager presses Done.
        Optional<Lead> waiting = state instanceof ChatState.Relaying relaying && quiet(relaying, turn.now)
                ? turn.store.lead(relaying.leadId()).filter(Lead::isOpen) : Optional.empty();
        if (state instanceof ChatState.ConfirmingForget || state instanceof ChatState.Relaying) {
            if (!(state instanceof ChatState.Relaying relaying) || (waiting.isEmpty() && (quiet(relaying, turn.now) || !openLead(turn, relaying)))) {
                // A hand-off closed, or a /forget question answered with text instead of a button.
                turn.moveTo(new ChatState.Idle());
            }
        }
        decide(turn, understood);
        waiting.ifPresent(lead -> {
            turn.send(desk.relayWaiting(lead, understood.text(), relayQuietPeriod));
            reminders.messageRelayed(turn).ifPresent(turn::send);
            turn.say(phrases.html("relay_quiet_note", turn.lang()));
        });
    }

    /** What the message says about the business: kept for the quiz and the lead card. */
    private static void remember(Turn turn, Understanding u) {
        DialogueContext.Facts facts = turn.session().context().facts();
        DialogueContext.Facts next = facts;
        for (String question : u.signs()) {
            next = next.withAnswer(question, "yes");
        }
        if (u.city().isPresent()) {
            next = next.withCity(u.city().get());
        }
        if (!next.equals(facts)) {
            DialogueContext.Facts remembered = next;
            turn.update(s -> s.withContext(s.context().withFacts(remembered)));
        }
    }

    private void decide(Turn turn, Understanding understood) {
        for (Rule rule : policy) {
            if (rule.when().test(turn, understood)) {
                rule.then().accept(turn, understood);
                if (turn.decision() == Decision.NONE) {
                    turn.decide(new Decision(true, rule.id(), 1));
                }
                return;
            }
        }
    }

    private static DialogueContext.Offer pendingOffer(Turn turn) {
        return turn.pendingOffer;
    }

    /** A question of its own next to a "да" ("да, а сколько стоит?") is answered instead. */
    private static boolean asksSomething(Understanding u) {
        return u.hasContent() && (u.text().contains("?") && u.content().split("\\s+").length > 2
                || u.content().split("\\s+").length > 3);
    }

    private static boolean isRequest(Understanding u) {
        return u.has(DialogueAct.ASK_HUMAN) || u.has(DialogueAct.ASK_QUIZ) || u.has(DialogueAct.ASK_PRICES);
    }

    private void accept(Turn turn, DialogueContext.Offer offer) {
        switch (offer) {
            case HUMAN -> leads.start(turn);
            case QUIZ -> quiz.start(turn);
            case CALCULATOR -> prices.startCalculator(turn);
            case PRICES -> prices.showPrices(turn);
        }
    }

    /** The id of a message that can be copied on as it is (media, a file, a contact), or 0. */
    private static long passedOn(Inbound in) {
        if (in instanceof Inbound.Media media) {
            return media.messageId();
        }
        if (in instanceof Inbound.Document document) {
            return document.messageId();
        }
        return in instanceof Inbound.SharedContact contact ? contact.messageId() : 0;
    }

    private static String mediaKind(Inbound in) {
        return in instanceof Inbound.Media media ? media.kind() : in instanceof Inbound.Document ? "document" : "contact";
    }

    private boolean openLead(Turn turn, ChatState.Relaying relaying) {
        return turn.store.lead(relaying.leadId()).filter(Lead::isOpen).isPresent();
    }

    /** The most telling act's reply: who the bot is before thanks, thanks before a greeting. */
    private static final List<DialogueAct> SMALL_TALK_ORDER = List.of(DialogueAct.IDENTITY, DialogueAct.CAPABILITIES,
            DialogueAct.BYE, DialogueAct.THANKS, DialogueAct.GREET, DialogueAct.ACKNOWLEDGE);

    private void smallTalk(Turn turn, Understanding u) {
        DialogueAct act = SMALL_TALK_ORDER.stream().filter(u::has).findFirst().orElse(DialogueAct.ACKNOWLEDGE);
        reply(turn, act, act == DialogueAct.GREET ? Menu.keyboard(phrases, turn.lang()) : Keyboard.NONE);
    }

    /**
     * One of the act's replies from dialogue.yaml: which one follows from the message and how far the chat
     * has gone, so a second "спасибо" reads differently, and the same chat replayed reads the same.
     */
    private void reply(Turn turn, DialogueAct act, Keyboard keyboard) {
        List<String> replies = dialogue.act(act).replies(turn.lang());
        String reply = replies.get(Math.floorMod(turn.session().lastQuestions().size()
                + turn.session().lastQuestions().hashCode(), replies.size()));
        turn.decide(new Decision(true, "smalltalk:" + act.id, 1));
        turn.say(phrases.fill(reply, turn.lang()), keyboard);
    }

    /**
     * Whether a topic about the agency answers a question that looks like one about the agency ("как с вами
     * связаться?"). Any other topic that matches does so by a word in common (офис, кейс), which is the
     * neighbouring answer this rule exists to prevent, so a weak cue declines too: a person answers it.
     */
    private boolean answeredByKnowledge(Turn turn, Understanding u) {
        Answer answer = answers.answer(u.content(), u.typedContent(), u.searchLang(), turn.lang(), null);
        return answer.answered() && answeredAgencyTopics.contains(answer.topicId());
    }

    /** "I don't know", never invented; with a person offered (a button, or a typed "да"). */
    private void declineWithOffer(Turn turn, Understanding u, String key) {
        String question = Texts.shorten(u.text().strip(), 300);
        turn.update(s -> s.withQuestion(question));
        turn.store.record(FunnelEvent.question(turn.session(), FunnelEvent.Kind.DECLINED, null, question, turn.now));
        boolean again = key == null && turn.session().context().declined();
        String phrase = key != null ? key : again ? "decline_again" : "decline";
        // The two wordings take turns, so that a prospect who asks three things the article lacks does not
        // read the same words three times.
        turn.update(s -> s.withContext(s.context().withDeclined(!again)));
        turn.offer(DialogueContext.Offer.HUMAN);
        turn.decide(new Decision(false, null, 0));
        turn.say(kazakhNote(turn, u) + phrases.html(phrase, turn.lang()), Keyboard.Buttons.column(List.of(
                Menu.followUp(FollowUps.Action.HUMAN, phrases, turn.lang()),
                Menu.followUp(FollowUps.Action.PRICES, phrases, turn.lang()))));
    }

    private String kazakhNote(Turn turn, Understanding u) {
        return u.kazakh() ? phrases.html("kazakh_note", turn.lang()) + "\n\n" : "";
    }

    private boolean quiet(ChatState.Relaying relaying, Instant now) {
        return relaying.lastActivity().plus(relayQuietPeriod).isBefore(now);
    }

    private void relay(Turn turn, ChatState.Relaying relaying, String text) {
        turn.store.lead(relaying.leadId()).filter(Lead::isOpen)
                .ifPresent(lead -> turn.send(desk.relayToAgency(lead, text)));
        reminders.messageRelayed(turn).ifPresent(turn::send);
    }

    /**
     * Answers from the knowledge, with the follow-up buttons of the topic; true when it was answered. A
     * follow-up is answered from the conversation's last topic. {@code decline}: say so when the knowledge
     * has no answer (a flow that has its own reply passes false).
     */
    private boolean answerQuestion(Turn turn, Understanding u, boolean decline) {
        String content = u.hasContent() ? u.content() : u.text();
        String typed = u.hasContent() ? u.typedContent() : u.text();
        Answer answer = foresight.answer(turn.chatId(), new Foresight.AnswerKey(content, typed, u.searchLang(), turn.lang(),
                turn.session().context().lastTopic()));
        if (!answer.answered()) {
            if (decline) {
                declineWithOffer(turn, u, null);
            }
            return false;
        }
        String question = Texts.shorten(u.text().strip(), 300);
        turn.update(s -> s.withQuestion(question));
        Session s = turn.session();
        turn.store.record(FunnelEvent.question(s, FunnelEvent.Kind.ANSWERED, answer.topicId(), null, turn.now));
        if (!answer.certain()) {
            turn.store.record(FunnelEvent.question(s, FunnelEvent.Kind.UNSURE, answer.topicId(), question, turn.now));
        }
        turn.answered(answer.topicId());
        answers.knowledge().topic(answer.topicId(), turn.lang())
                .filter(topic -> topic.offer() != null && topic.body().equals(answer.markdown()))
                .ifPresent(topic -> turn.offer(switch (topic.offer()) {
                    case HUMAN -> DialogueContext.Offer.HUMAN;
                    case QUIZ -> DialogueContext.Offer.QUIZ;
                    case CALCULATOR -> DialogueContext.Offer.CALCULATOR;
                    case PRICES -> DialogueContext.Offer.PRICES;
                }));
        turn.decide(new Decision(true, answer.topicId(), answer.confidence()));
        List<Button> buttons = followUps.forTopic(answer.topicId()).stream()
                .map(action -> Menu.followUp(action, phrases, turn.lang())).toList();
        turn.say(kazakhNote(turn, u) + Markdown.toTelegramHtml(answer.markdown()),
                buttons.isEmpty() ? Keyboard.NONE : Keyboard.Buttons.column(buttons));
        return true;
    }

    private void chooseLanguage(Turn turn, Lang lang) {
        turn.update(s -> s.withChosenLang(lang));
        turn.say(phrases.html("language_set", lang), Menu.keyboard(phrases, lang));
    }

    /** The language before the first message: the user's Telegram language when the bot speaks it. */
    private static Lang initialLanguage(Person person) {
        String code = person.languageCode() == null ? "" : person.languageCode().toLowerCase(Locale.ROOT);
        if (code.startsWith("ky")) {
            return Lang.KY;
        }
        if (code.startsWith("en")) {
            return Lang.EN;
        }
        if (code.startsWith("ru") || code.startsWith("kk") || code.startsWith("uz") || code.startsWith("uk")
                || code.startsWith("be") || code.startsWith("tg")) {
            return Lang.RU;
        }
        return Lang.PRIMARY;
    }
}
