package cmoadvisor.conversation;

import cmoadvisor.knowledge.Dialogue.AmountKind;
import cmoadvisor.knowledge.FollowUps;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Pricing;
import cmoadvisor.knowledge.Quiz;
import cmoadvisor.understanding.Money;
import cmoadvisor.understanding.Understanding;

import java.util.List;
import java.util.Optional;

/**
 * Reasons about a number typed in free text with the article's figures: a turnover against the first
 * sign, a monthly budget against the models, hours against the hourly rate, an in-house total against the
 * retainer. Salaries go to the calculator ({@link PriceFlow#compare}). Nothing here invents a figure:
 * every threshold and price comes from quiz.yaml and pricing.yaml.
 *
 * <pre>
 *   TURNOVER in $ or tenge   → above or below the first sign; offers the quiz
 *   TURNOVER in another one  → ask for dollars or tenge
 *   BUDGET below the retainer → the hourly model and the hours it buys (and, with days a week, the retainer)
 *   BUDGET within the retainer → the retainer; above it → the retainer, a project, the in-house total
 *   hours a month            → their cost on the hourly model; the retainer beyond the usual hours
 *   IN_HOUSE_TOTAL           → the saving against the retainer
 * </pre>
 */
final class NumberAdvice {
    private static final int MONTHS = 12;
    private static final java.util.regex.Pattern HOURS_OF_A_CMO = java.util.regex.Pattern.compile(
            "месяц|в мес|айына|ай сайын|month|cmo|смо|почасов|сааттык|hourly",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);

    private final Pricing pricing;
    private final Quiz quiz;
    private final Phrases phrases;
    private final PriceFlow prices;

    NumberAdvice(Pricing pricing, Quiz quiz, Phrases phrases, PriceFlow prices) {
        this.pricing = pricing;
        this.quiz = quiz;
        this.phrases = phrases;
        this.prices = prices;
    }

    /** Whether this message's numbers are something this class reasons about. */
    boolean applies(Understanding u, AmountKind contextKind) {
        Optional<AmountKind> kind = kind(u, contextKind);
        if (kind.isEmpty()) {
            // "10 часов в месяц хватит?", "20 саат CMO керек": hours of a CMO a month, not "ответите за 24 часа?"
            return u.hours().isPresent() && u.mainAmount().isEmpty() && HOURS_OF_A_CMO.matcher(u.text()).find();
        }
        if (kind.get() == AmountKind.BUDGET && u.mainAmount().filter(a -> a.value() < pricing.model("hourly")
                .orElseThrow().price().min()).isPresent()) {
            return false;
        }
        return switch (kind.get()) {
            case TURNOVER, SALARY, BUDGET, IN_HOUSE_TOTAL -> u.mainAmount().isPresent();
            default -> false;
        };
    }

    /** The kind the message's cues say, or for a bare number ("а если 7000?") the one of the last amount. */
    private static Optional<AmountKind> kind(Understanding u, AmountKind contextKind) {
        if (u.moneyKind().isPresent()) {
            return u.moneyKind();
        }
        boolean bareNumber = u.mainAmount().isPresent() && u.content().split("\\s+").length <= 4;
        return bareNumber ? Optional.ofNullable(contextKind) : Optional.empty();
    }

    void advise(Turn turn, Understanding u) {
        Optional<AmountKind> kind = kind(u, turn.session().context().amountKind());
        if (kind.isEmpty()) {
            hours(turn, u.hours().orElseThrow());
            return;
        }
        Money.Amount amount = u.mainAmount().orElseThrow();
        switch (kind.get()) {
            case TURNOVER -> turnover(turn, amount, u.perYear());
            case SALARY -> prices.compare(turn, amount);
            case BUDGET -> budget(turn, amount, u.daysPerWeek());
            case IN_HOUSE_TOTAL -> inHouseTotal(turn, amount);
            default -> throw new IllegalStateException("no advice for " + kind.get());
        }
        if (kind.get() != AmountKind.SALARY) {
            turn.update(s -> s.withContext(s.context().withAmountKind(kind.get())));
        }
    }

    private void turnover(Turn turn, Money.Amount typedAmount, boolean perYear) {
        Lang lang = turn.lang();
        Quiz.Thresholds thresholds = revenueQuestion().thresholds();
        String kzt = millions(thresholds.kzt(), lang);
        String usd = Money.dollars(thresholds.usd());
        // The sign is a monthly turnover: a yearly one is compared a twelfth at a time.
        Money.Amount amount = perYear ? new Money.Amount(typedAmount.value() / MONTHS, typedAmount.currency(),
                typedAmount.start()) : typedAmount;
        Optional<Boolean> reached = RevenueSign.reached(thresholds, amount, pricing);
        if (reached.isEmpty()) {
            turn.say(phrases.html("num_turnover_currency", lang, "threshold_kzt", kzt, "threshold_usd", usd));
            return;
        }
        boolean meets = reached.get();
        String typed = switch (amount.currency()) {
            case KZT -> millions(amount.value(), lang);
            case USD -> Money.dollars(amount.value());
            default -> Math.round(amount.value()) + " " + amount.currency().name();
        };
        String questionId = revenueQuestion().id();
        turn.update(s -> s.withContext(s.context().answered("sign-revenue-without-cmo")
                .withFacts(s.context().facts().withTurnover(typed).withAnswer(questionId, meets ? "yes" : "no"))));
        turn.offer(DialogueContext.Offer.QUIZ);
        turn.say(phrases.html(meets ? "num_turnover_meets" : "num_turnover_below", lang, "amount", typed,
                "threshold_kzt", kzt, "threshold_usd", usd), Keyboard.Buttons.column(List.of(
                Menu.followUp(FollowUps.Action.QUIZ, phrases, lang),
                Menu.followUp(FollowUps.Action.HUMAN, phrases, lang))));
    }

    private void budget(Turn turn, Money.Amount amount, Optional<Integer> daysPerWeek) {
        Lang lang = turn.lang();
        Optional<Money.Amount> inDollars = prices.inDollars(turn, amount);
        if (inDollars.isEmpty()) {
            prices.compare(turn, amount);
            return;
        }
        double budget = inDollars.get().value();
        Pricing.Range retainer = pricing.model("retainer").orElseThrow().price();
        Pricing.Range rate = pricing.model("hourly").orElseThrow().price();
        String shown = Money.dollars(budget);
        String html;
        if (budget < retainer.min()) {
            turn.answered("hourly-model");
            html = phrases.html("num_budget_hourly", lang, "budget", shown,
                    "hours_low", Math.round(Math.floor(budget / rate.max())), "hours_high", Math.round(Math.floor(budget / rate.min())));
            if (daysPerWeek.isPresent()) {
                html += "\n\n" + phrases.html("num_days_retainer", lang, "days", daysPerWeek.get());
            }
        } else if (budget <= retainer.max()) {
            turn.answered("retainer-model");
            html = phrases.html("num_budget_retainer", lang, "budget", shown);
        } else {
            turn.answered("retainer-model");
            html = phrases.html("num_budget_above", lang, "budget", shown);
        }
        turn.say(html, Keyboard.Buttons.column(List.of(
                Menu.followUp(FollowUps.Action.HUMAN, phrases, lang),
                Menu.followUp(FollowUps.Action.QUIZ, phrases, lang))));
    }

    private void hours(Turn turn, int hours) {
        Pricing.Range rate = pricing.model("hourly").orElseThrow().price();
        turn.answered("hourly-model");
        turn.say(phrases.html("num_hours", turn.lang(), "hours", hours,
                "cost_low", Money.dollars(hours * rate.min()), "cost_high", Money.dollars(hours * rate.max()).substring(1)),
                Keyboard.Buttons.column(List.of(Menu.followUp(FollowUps.Action.HUMAN, phrases, turn.lang()))));
    }

    private void inHouseTotal(Turn turn, Money.Amount typed) {
        Optional<Money.Amount> inDollars = prices.inDollars(turn, typed);
        if (inDollars.isEmpty()) {
            prices.compare(turn, typed);
            return;
        }
        Money.Amount amount = inDollars.get();
        Pricing.Range retainer = pricing.model("retainer").orElseThrow().price();
        double low = Math.max(0, amount.value() - retainer.max());
        double high = Math.max(0, amount.value() - retainer.min());
        turn.answered("savings-and-advantages");
        turn.say(phrases.html("num_inhouse_total", turn.lang(), "amount", Money.dollars(amount.value()),
                "saving", low > 0 ? PriceFlow.range(low, high) : phrases.plain("calc_up_to", turn.lang())
                        .replace("{amount}", Money.dollars(high))),
                Keyboard.Buttons.column(List.of(Menu.followUp(FollowUps.Action.HUMAN, phrases, turn.lang()))));
    }

    private Quiz.Question revenueQuestion() {
        return quiz.questions().stream().filter(q -> Quiz.REVENUE.equals(q.kind())).findFirst().orElseThrow();
    }

    /** "50 млн тенге", as people write tenge amounts. */
    private static String millions(double tenge, Lang lang) {
        double millions = tenge / 1_000_000;
        String number = millions == Math.rint(millions) ? String.valueOf(Math.round(millions))
                : String.valueOf(Math.round(millions * 10) / 10.0);
        return switch (lang) {
            case KY -> number + " млн теңге";
            case RU -> number + " млн тенге";
            case EN -> number + "M tenge";
        };
    }
}
