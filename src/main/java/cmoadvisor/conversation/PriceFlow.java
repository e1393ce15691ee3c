package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Pricing;

import java.util.List;
import java.util.Optional;

/**
 * Prices side by side from pricing.yaml, and the in-house cost calculator.
 *
 * <pre>
 *   /prices, button "menu:prices"  → the three models, and the in-house total for comparison
 *   button "menu:calc"             → AwaitingSalary: "type the monthly salary in dollars"
 *   AwaitingSalary + an amount in dollars (5000, $6k, 6 000 долларов) → the breakdown → Idle
 *   AwaitingSalary + anything else → say how to type it, stay
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
            String price = unit(model.price(), lang);
            if (model.volume() != null) {
                price += ", " + unit(model.volume(), lang);
            }
            html.append(phrases.html("prices_model", lang, "label", model.label().in(lang), "price", price,
                    "suits", model.suits().in(lang))).append("\n\n");
        }
        Pricing.Range total = pricing.inHouse().totalMonthly();
        html.append(phrases.html("prices_footer", lang, "inhouse_low", Money.dollars(total.min()),
                "inhouse_high", Money.dollars(total.max()).substring(1)));
        turn.say(html.toString(), Keyboard.Buttons.column(List.of(
                Menu.followUp(cmoadvisor.knowledge.FollowUps.Action.CALCULATOR, phrases, lang),
                Menu.followUp(cmoadvisor.knowledge.FollowUps.Action.QUIZ, phrases, lang))));
    }

    void startCalculator(Turn turn) {
        turn.moveTo(new ChatState.AwaitingSalary());
        turn.say(phrases.html("calc_prompt", turn.lang()));
    }

    void onSalary(Turn turn, String text) {
        Optional<Money.Amount> amount = Money.parse(text);
        boolean dollars = amount.isPresent() && (amount.get().currency() == Money.Currency.USD
                || amount.get().currency() == Money.Currency.UNKNOWN);
        if (!dollars || amount.get().value() < MIN_SALARY || amount.get().value() > MAX_SALARY) {
            turn.say(phrases.html("calc_bad_input", turn.lang()));
            return;
        }
        double salary = amount.get().value();
        InHouseCost.Breakdown b = costs.monthly(salary);
        InHouseCost.Range saving = costs.saving(b.total());
        Pricing.Range retainer = pricing.model("retainer").orElseThrow().price();
        Lang lang = turn.lang();
        String savingText = saving.high() <= 0 ? phrases.plain("calc_no_saving", lang)
                : saving.low() <= 0 ? phrases.plain("calc_up_to", lang).replace("{amount}", Money.dollars(saving.high()))
                : range(saving.low(), saving.high());
        turn.moveTo(new ChatState.Idle());
        turn.say(phrases.html("calc_result", lang, "salary", Money.dollars(salary),
                "low", Money.dollars(b.total().low()), "high", Money.dollars(b.total().high()).substring(1),
                "taxes", range(b.taxes()), "bonus", range(b.bonus()), "tools", range(b.tools()),
                "equipment", range(b.equipment()), "training", range(b.training()),
                "retainer", range(retainer.min(), retainer.max()), "saving", savingText)
                + "\n\n<i>" + phrases.html("calc_note", lang) + "</i>",
                Keyboard.Buttons.column(List.of(
                        Menu.followUp(cmoadvisor.knowledge.FollowUps.Action.HUMAN, phrases, lang),
                        Menu.followUp(cmoadvisor.knowledge.FollowUps.Action.QUIZ, phrases, lang))));
    }

    private String unit(Pricing.Range r, Lang lang) {
        String key = switch (r.unit()) {
            case "hour" -> "unit_hour";
            case "month" -> "unit_month";
            case "hours_per_month" -> "unit_hours_per_month";
            case "days_per_week" -> "unit_days_per_week";
            default -> "unit_project";
        };
        boolean money = !r.unit().endsWith("_per_month") && !r.unit().endsWith("_per_week");
        String range = money ? range(r.min(), r.max()) : plainRange(r.min(), r.max());
        return phrases.plain(key, lang).replace("{range}", range);
    }

    private static String range(InHouseCost.Range r) {
        return range(r.low(), r.high());
    }

    /** "$2 000–5 000", as the article writes a range. */
    static String range(double low, double high) {
        return Money.dollars(low) + "–" + Money.dollars(high).substring(1);
    }

    private static String plainRange(double low, double high) {
        return Math.round(low) + "–" + Math.round(high);
    }
}
