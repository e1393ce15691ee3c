package cmoadvisor.conversation;

import cmoadvisor.knowledge.Quiz;
import cmoadvisor.understanding.Money;
import cmoadvisor.text.Html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The readiness quiz, as one generic handler over the questions of quiz.yaml.
 *
 * <pre>
 *   start            → InQuiz(first)     answers the prospect already gave in the chat are taken (and
 *                                        said); ask the first question left
 *   InQuiz(i) + button "quiz:&lt;id&gt;:&lt;choice&gt;" of question i → the next question left, or finish
 *   InQuiz(i) + typed yes/no, or a revenue amount   → same as the button
 *   InQuiz(i) + a question                          → answer it, then ask question i again
 *   InQuiz(i) + anything else                       → say how to answer, ask question i again
 *   finish           → Idle              score, signs, advice; offer a person when qualified
 *   /cancel          → Idle              (handled by the engine for every flow)
 * </pre>
 */
final class QuizFlow {
    static final String BUTTON_PREFIX = "quiz:";

    private final Quiz quiz;
    private final cmoadvisor.knowledge.Pricing pricing;
    private final Phrases phrases;
    private final QuestionAnswering answering;

    /** Answers a question typed in the middle of the quiz; true when it was answered from the knowledge. */
    interface QuestionAnswering {
        boolean answer(Turn turn, String question);
    }

    QuizFlow(Quiz quiz, cmoadvisor.knowledge.Pricing pricing, Phrases phrases, QuestionAnswering answering) {
        this.quiz = quiz;
        this.pricing = pricing;
        this.phrases = phrases;
        this.answering = answering;
    }

    void start(Turn turn) {
        Map<String, String> known = new LinkedHashMap<>();
        List<String> signs = new ArrayList<>();
        turn.session().context().facts().quizAnswers().forEach((questionId, choiceId) -> quiz.questions().stream()
                .filter(q -> q.id().equals(questionId) && q.choice(choiceId).isPresent()).findFirst()
                .ifPresent(q -> {
                    known.put(questionId, choiceId);
                    signs.add(q.sign().in(turn.lang()) + " — " + q.choice(choiceId).orElseThrow().label().in(turn.lang()));
                }));
        turn.record(FunnelEvent.Kind.QUIZ_STARTED);
        turn.say(phrases.html("quiz_intro", turn.lang()));
        if (!signs.isEmpty()) {
            // What the prospect already told is not asked again; the note says what was taken as their answer.
            turn.say(phrases.html("quiz_prefilled", turn.lang(), "signs", String.join("; ", signs)));
        }
        advance(turn, new ChatState.InQuiz(0, known));
    }

    /**
     * The question to ask: the first one of quiz.yaml as it is now that has no valid answer yet. The stored
     * step is not trusted, so a quiz that admins changed while a prospect was in it goes on with the
     * questions as they are now (new ones asked, removed ones forgotten) instead of failing.
     */
    private int current(ChatState.InQuiz state) {
        int step = 0;
        while (step < quiz.questions().size() && answered(state, quiz.question(step))) {
            step++;
        }
        return step;
    }

    private static boolean answered(ChatState.InQuiz state, Quiz.Question question) {
        String choice = state.answers().get(question.id());
        return choice != null && question.choice(choice).isPresent();
    }

    /** To the first question not answered yet, or to the result when none is left. */
    private void advance(Turn turn, ChatState.InQuiz state) {
        int step = current(state);
        ChatState.InQuiz next = new ChatState.InQuiz(step, state.answers());
        if (step >= quiz.questions().size()) {
            finish(turn, next);
        } else {
            turn.moveTo(next);
            ask(turn, step);
        }
    }

    /** The question the prospect stopped at, once more (a reminder after they went quiet). */
    void askAgain(Turn turn, ChatState.InQuiz state) {
        advance(turn, state);
    }

    void onButton(Turn turn, String data) {
        String[] parts = data.substring(BUTTON_PREFIX.length()).split(":", 2);
        if (!(turn.state() instanceof ChatState.InQuiz inQuiz) || parts.length != 2 || current(inQuiz) >= quiz.questions().size()
                || !quiz.question(current(inQuiz)).id().equals(parts[0])
                || quiz.question(current(inQuiz)).choice(parts[1]).isEmpty()) {
            // An answer to a question already answered, or to a quiz that was cancelled.
            return;
        }
        record(turn, inQuiz, parts[1]);
    }

    void onText(Turn turn, ChatState.InQuiz inQuiz, String text) {
        if (current(inQuiz) >= quiz.questions().size()) {
            // Every question answered already (the quiz lost one under the prospect): the result.
            advance(turn, inQuiz);
            return;
        }
        Quiz.Question question = quiz.question(current(inQuiz));
        Optional<String> choice = TypedAnswers.yesNo(text);
        if (choice.isEmpty() && Quiz.REVENUE.equals(question.kind())) {
            Optional<Money.Amount> amount = Money.parse(text);
            if (amount.isPresent()) {
                Optional<Boolean> reached = RevenueSign.reached(question.thresholds(), amount.get(), pricing);
                if (reached.isEmpty()) {
                    turn.say(phrases.html("quiz_currency_unknown", turn.lang()));
                    ask(turn, current(inQuiz));
                    return;
                }
                choice = Optional.of(reached.get() ? "yes" : "no");
            }
        }
        if (choice.isPresent()) {
            record(turn, inQuiz, choice.get());
            return;
        }
        if (answering.answer(turn, text)) {
            turn.say(phrases.html("quiz_resume", turn.lang()));
        } else {
            turn.say(phrases.html("quiz_not_understood", turn.lang()));
        }
        ask(turn, current(inQuiz));
    }

    private void record(Turn turn, ChatState.InQuiz inQuiz, String choiceId) {
        advance(turn, inQuiz.answer(quiz.question(current(inQuiz)).id(), choiceId));
    }

    private void ask(Turn turn, int step) {
        Quiz.Question question = quiz.question(step);
        List<Button> buttons = question.choices().stream()
                .map(c -> new Button(BUTTON_PREFIX + question.id() + ":" + c.id(), c.label().in(turn.lang())))
                .toList();
        String text = "<b>" + Html.escape(question.text().in(turn.lang())) + "</b>";
        if (Quiz.REVENUE.equals(question.kind())) {
            text += "\n" + phrases.html("quiz_revenue_hint", turn.lang());
        }
        turn.say(text, new Keyboard.Buttons(List.of(buttons)));
    }

    private void finish(Turn turn, ChatState.InQuiz done) {
        int score = 0;
        List<String> signs = new ArrayList<>();
        for (Quiz.Question question : quiz.questions()) {
            Quiz.Choice choice = question.choice(done.answers().get(question.id())).orElseThrow();
            score += choice.weight();
            if (choice.weight() > 0) {
                signs.add(question.sign().in(turn.lang()));
            }
        }
        Quiz.Result band = quiz.resultFor(score);
        QuizResult result = new QuizResult(done.answers(), score, quiz.maxScore(), signs, band.model(),
                quiz.qualifies(score));
        turn.update(s -> s.withQuizResult(result).withState(new ChatState.Idle()));
        turn.record(FunnelEvent.Kind.QUIZ_FINISHED);
        if (result.qualified()) {
            turn.record(FunnelEvent.Kind.QUALIFIED);
        }
        String signList = signs.isEmpty() ? phrases.plain("quiz_no_signs", turn.lang()) : String.join(", ", signs);
        turn.say(phrases.html("quiz_result", turn.lang(), "score", score, "max", quiz.maxScore(), "signs", signList,
                "recommendation", band.text().in(turn.lang())));
        if (result.qualified()) {
            turn.offer(DialogueContext.Offer.HUMAN);
            turn.say(phrases.html("quiz_offer_handoff", turn.lang()), Keyboard.Buttons.column(List.of(
                    new Button(Menu.HUMAN, phrases.plain("btn_human", turn.lang())),
                    new Button(Menu.NO_THANKS, phrases.plain("btn_no_thanks", turn.lang())))));
        } else {
            turn.say(phrases.html("ask_prompt", turn.lang()), Menu.keyboard(phrases, turn.lang()));
        }
    }
}
