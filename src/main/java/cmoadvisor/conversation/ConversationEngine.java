package cmoadvisor.conversation;

import cmoadvisor.knowledge.FollowUps;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.Answer;
import cmoadvisor.search.AnswerEngine;
import cmoadvisor.text.Markdown;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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
 *   text                        → by state: Idle answers from the knowledge; InQuiz, AwaitingSalary,
 *                                 CapturingLead, Relaying, ConfirmingForget go to their flow
 * </pre>
 */
public final class ConversationEngine {
    /** Telegram deep-link payloads: letters, digits, _ and -, up to 64 characters. */
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final AnswerEngine answers;
    private final Phrases phrases;
    private final FollowUps followUps;
    private final Duration relayQuietPeriod;
    private final Set<Long> admins;
    private final AgencyDesk desk;
    private final QuizFlow quiz;
    private final LeadFlow leads;
    private final PriceFlow prices;

    /**
     * How the conversation is set up for one deployment.
     *
     * @param leadWebhookUrl where new leads are POSTed for a CRM, or null
     */
    public record Options(long agencyChatId, Lang agencyLanguage, Duration relayQuietPeriod, Set<Long> adminIds,
                          String leadWebhookUrl) {
        public Options {
            adminIds = Set.copyOf(adminIds);
        }
    }

    /** Commands only admins have; anyone else gets the ordinary reply, as if they did not exist. */
    static final Set<String> ADMIN_COMMANDS = Set.of("/reload", "/stats", "/gaps", "/leads");

    public ConversationEngine(AnswerEngine answers, Options options) {
        KnowledgeBase knowledge = answers.knowledge();
        this.answers = answers;
        this.phrases = new Phrases(knowledge.messages());
        this.followUps = knowledge.followUps();
        this.relayQuietPeriod = options.relayQuietPeriod();
        this.admins = options.adminIds();
        this.desk = new AgencyDesk(options.agencyChatId(), options.agencyLanguage(), phrases);
        this.quiz = new QuizFlow(knowledge.quiz(), phrases, (turn, question) -> answerQuestion(turn, question, false));
        this.leads = new LeadFlow(phrases, desk, options.leadWebhookUrl());
        this.prices = new PriceFlow(knowledge.pricing(), phrases);
    }

    public long agencyChatId() {
        return desk.chatId();
    }

    /** Handles one event inside the caller's transaction of {@code store}; returns the replies to send. */
    public List<Outbound> handle(Inbound in, ConversationStore store, Instant now) {
        if (in.chatId() == desk.chatId()) {
            return desk.handle(in, store, now);
        }
        if (in.chatId() < 0) {
            return List.of();
        }
        Session session = store.session(in.chatId())
                .orElseGet(() -> Session.fresh(in.chatId(), in.from(), initialLanguage(in.from())))
                .withPerson(in.from());
        Turn turn = new Turn(store, session, now);
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
        } else if (in instanceof Inbound.SharedContact contact) {
            if (turn.state() instanceof ChatState.CapturingLead capturing) {
                leads.onContact(turn, capturing, contact.phone());
            } else {
                turn.say(phrases.html("ask_prompt", turn.lang()), new Keyboard.Remove());
            }
        } else {
            turn.say(phrases.html("unsupported", turn.lang()));
        }
        store.save(turn.session());
        return turn.replies();
    }

    private void command(Turn turn, String text) {
        String[] parts = text.split("\\s+", 2);
        String command = parts[0].toLowerCase(Locale.ROOT).replaceFirst("@.*$", "");
        String argument = parts.length > 1 ? parts[1].strip() : "";
        if (ADMIN_COMMANDS.contains(command) && admins.contains(turn.session().person().id())) {
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
            case "/help" -> turn.say(phrases.html("help", turn.lang()), Menu.keyboard(phrases, turn.lang()));
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
            default -> turn.say(phrases.html("help", turn.lang()), Menu.keyboard(phrases, turn.lang()));
        }
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
            turn.store.forget(turn.chatId());
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
        // Names, companies, phone numbers and amounts say nothing about the language; questions do.
        boolean freeText = !(state instanceof ChatState.CapturingLead || state instanceof ChatState.AwaitingSalary);
        if (freeText && turn.session().chosenLang() == null) {
            Lang lang = answers.detectLanguage(text, turn.lang());
            turn.update(s -> s.withLang(lang));
        }
        if (state instanceof ChatState.InQuiz inQuiz) {
            quiz.onText(turn, inQuiz, text);
        } else if (state instanceof ChatState.AwaitingSalary) {
            prices.onSalary(turn, text);
        } else if (state instanceof ChatState.CapturingLead capturing) {
            leads.onText(turn, capturing, text);
        } else if (state instanceof ChatState.Relaying relaying && !quiet(relaying, turn.now)) {
            relay(turn, relaying, text);
        } else {
            // Idle, a hand-off gone quiet, or a /forget question answered with text instead of a button.
            turn.moveTo(new ChatState.Idle());
            answerQuestion(turn, text, true);
        }
    }

    private boolean quiet(ChatState.Relaying relaying, Instant now) {
        return relaying.lastActivity().plus(relayQuietPeriod).isBefore(now);
    }

    private void relay(Turn turn, ChatState.Relaying relaying, String text) {
        Optional<Lead> lead = turn.store.lead(relaying.leadId()).filter(Lead::isOpen);
        if (lead.isEmpty()) {
            turn.moveTo(new ChatState.Idle());
            answerQuestion(turn, text, true);
            return;
        }
        turn.send(desk.relayToAgency(lead.get(), text));
    }

    /**
     * Answers from the knowledge, with the follow-up buttons of the topic; true when it was answered.
     * {@code decline}: say so when the knowledge has no answer (a flow that has its own reply passes false).
     */
    private boolean answerQuestion(Turn turn, String text, boolean decline) {
        Answer answer = answers.answer(text, turn.lang());
        if (!answer.answered() && !decline) {
            return false;
        }
        turn.send(new Outbound.Typing(turn.chatId()));
        String question = Texts.shorten(text.strip(), 300);
        turn.update(s -> s.withQuestion(question));
        Session s = turn.session();
        if (!answer.answered()) {
            turn.store.record(FunnelEvent.question(s, FunnelEvent.Kind.DECLINED, null, question, turn.now));
        } else {
            turn.store.record(FunnelEvent.question(s, FunnelEvent.Kind.ANSWERED, answer.topicId(), null, turn.now));
            if (!answer.certain()) {
                turn.store.record(FunnelEvent.question(s, FunnelEvent.Kind.UNSURE, answer.topicId(), question, turn.now));
            }
        }
        if (!answer.answered()) {
            turn.say(phrases.html("decline", turn.lang()), Keyboard.Buttons.column(List.of(
                    Menu.followUp(FollowUps.Action.HUMAN, phrases, turn.lang()),
                    Menu.followUp(FollowUps.Action.PRICES, phrases, turn.lang()))));
            return false;
        }
        List<Button> buttons = followUps.forTopic(answer.topicId()).stream()
                .map(action -> Menu.followUp(action, phrases, turn.lang())).toList();
        turn.say(Markdown.toTelegramHtml(answer.markdown()),
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
