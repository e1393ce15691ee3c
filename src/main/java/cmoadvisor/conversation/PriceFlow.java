package cmoadvisor.conversation;

import cmoadvisor.knowledge.FollowUps;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Pricing;
import cmoadvisor.understanding.Money;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Prices side by side from pricing.yaml, and the in-house cost calculator.
 *
 * <pre>
 *   /prices, button "menu:prices", "покажите цены"  → the three models, the in-house total; offers the calculator
 *   button "menu:calc", "посчитайте", "да" to it     → AwaitingSalary: "type the monthly salary in dollars"
 *   AwaitingSalary + an amount in dollars (5000, $6k, 6 000 долларов) → the comparison → Idle
 *   a salary typed anywhere ("CMO получает $4 500")  → the comparison at once
 *   AwaitingSalary + an amount in another currency  → ask for dollars (no invented rate), stay
 *   AwaitingSalary + anything else                  → say how to type it, stay
 * </pre>
 */
final class PriceFlow {
    /** Salaries outside this range are typos ("5" or "50000000"), not salaries. */
    private static final double MIN_SALARY = 100;
    private static final double MAX_SALARY = 1_000_000;

    private final Pricing pricing;
    private final Phrases phrases;
    private final InHouseCost costs;

    PriceFlow(Pricing pricing, Phrases phrases) {
        this.pricing = pricing;
        this.phrases = phrases;
        this.costs = new InHouseCost(pricing);
    }

    void showPrices(Turn turn) {
        Lang lang = turn.lang();
        StringBuilder html = new StringBuilder(phrases.html("prices_title", lang)).append("\n\n");
        for (Pricing.Model model : pricing.models()) {
            String price = phrases.price(model.price(), lang);
            if (model.volume() != null) {
                price += ", " + phrases.price(model.volume(), lang);
            }
            html.append(phrases.html("prices_model", lang, "label", model.label().in(lang), "price", price,
                    "suits", model.suits().in(lang))).append("\n\n");
        }
        Pricing.Range total = pricing.inHouse().totalMonthly();
        html.append(phrases.html("prices_footer", lang, "inhouse_low", Money.dollars(total.min()),
                "inhouse_high", Money.dollars(total.max()).substring(1)));
        turn.answered("engagement-models");
        turn.offer(DialogueContext.Offer.CALCULATOR);
        turn.say(html.toString(), Keyboard.Buttons.column(List.of(
                Menu.followUp(FollowUps.Action.CALCULATOR, phrases, lang),
                Menu.followUp(FollowUps.Action.QUIZ, phrases, lang))));
    }

    void startCalculator(Turn turn) {
        turn.moveTo(new ChatState.AwaitingSalary());
        turn.say(phrases.html("calc_prompt", turn.lang()));
    }

    /** A salary typed while the calculator waits for one. */
    void onSalary(Turn turn, String text) {
        Optional<Money.Amount> amount = Money.all(text).stream()
                .filter(a -> a.currency() == Money.Currency.USD).findFirst()
                .or(() -> Money.parse(text));
        if (amount.isEmpty()) {
            turn.say(phrases.html("calc_bad_input", turn.lang()));
            return;
        }
        compare(turn, amount.get());
    }

    /** The comparison for a salary, or a request for the amount in dollars when it is in another currency. */
    void compare(Turn turn, Money.Amount typed) {
        Lang lang = turn.lang();
        Optional<Money.Amount> inDollars = inDollars(turn, typed);
        if (inDollars.isEmpty()) {
            turn.moveTo(new ChatState.AwaitingSalary());
            turn.say(phrases.html("num_currency_unknown", lang, "currency", currencyName(typed.currency())));
            return;
        }
        Money.Amount amount = inDollars.get();
        if (amount.value() < MIN_SALARY || amount.value() > MAX_SALARY) {
            turn.moveTo(new ChatState.AwaitingSalary());
            turn.say(phrases.html("calc_bad_input", lang));
            return;
        }
        double salary = amount.value();
        InHouseCost.Breakdown b = costs.monthly(salary);
        InHouseCost.Range saving = costs.saving(b.total());
        Pricing.Range retainer = pricing.model("retainer").orElseThrow().price();
        String retainerRange = range(retainer.min(), retainer.max());
        String savingText = saving.low() > 0 ? range(saving.low(), saving.high())
                : saving.high() > 0 ? phrases.plain("calc_up_to", lang).replace("{amount}", Money.dollars(saving.high()))
                : phrases.plain("calc_no_saving", lang);
        turn.moveTo(new ChatState.Idle());
        turn.update(s -> s.withContext(s.context().answered("inhouse-cmo-total-cost")
                .withAmountKind(cmoadvisor.knowledge.Dialogue.AmountKind.SALARY)));
        StringBuilder html = new StringBuilder(phrases.html("calc_result", lang, "salary", Money.dollars(salary),
                "low", Money.dollars(b.total().low()), "high", Money.dollars(b.total().high()).substring(1),
                "taxes", range(b.taxes()), "bonus", range(b.bonus()), "tools", range(b.tools()),
                "equipment", range(b.equipment()), "training", range(b.training()),
                "retainer", retainerRange, "saving", savingText));
        if (saving.low() <= 0) {
            // The retainer may cost as much as the in-house CMO or more: say so, and name what fits instead.
            html.append("\n\n").append(phrases.html("calc_costs_more", lang, "retainer", retainerRange));
        }
        html.append("\n\n").append(phrases.html("calc_market", lang, "regions", marketSalaries(lang)));
        html.append("\n\n<i>").append(phrases.html("calc_note", lang)).append("</i>");
        turn.say(html.toString(), Keyboard.Buttons.column(List.of(
                Menu.followUp(FollowUps.Action.HUMAN, phrases, lang),
                Menu.followUp(FollowUps.Action.QUIZ, phrases, lang))));
    }

    /**
     * The amount in dollars: as typed when it is in dollars (or names no currency), converted with the
     * rate the agency set in pricing.yaml (and the conversion said), or empty when no rate is set.
     */
    Optional<Money.Amount> inDollars(Turn turn, Money.Amount amount) {
        if (amount.currency() == Money.Currency.USD || amount.currency() == Money.Currency.UNKNOWN) {
            return Optional.of(amount);
        }
        Optional<Double> rate = pricing.rate(currencyName(amount.currency()));
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        Money.Amount dollars = new Money.Amount(amount.value() / rate.get(), Money.Currency.USD, amount.start());
        turn.say(phrases.html("num_converted", turn.lang(), "amount", Math.round(amount.value()) + " "
                + currencyName(amount.currency()), "rate", rate.get() == Math.rint(rate.get()) ? String.valueOf(Math.round(rate.get()))
                : String.valueOf(rate.get()), "dollars", Money.dollars(dollars.value())));
        return Optional.of(dollars);
    }

    private String marketSalaries(Lang lang) {
        return pricing.inHouse().salary().stream()
                .map(s -> s.region().in(lang) + " " + range(s.min(), s.max()))
                .collect(Collectors.joining("; "));
    }

    private static String currencyName(Money.Currency currency) {
        return switch (currency) {
            case KZT -> "KZT";
            case KGS -> "KGS";
            case RUB -> "RUB";
            default -> "?";
        };
    }

    private static String range(InHouseCost.Range r) {
        return range(r.low(), r.high());
    }

    /** "$2 000–5 000", as the article writes a range. */
    static String range(double low, double high) {
        return Money.dollars(low) + "–" + Money.dollars(high).substring(1);
    }
}
