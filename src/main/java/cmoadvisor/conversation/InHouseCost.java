package cmoadvisor.conversation;

import cmoadvisor.knowledge.Pricing;

/**
 * The fully loaded monthly cost of an in-house CMO for a given salary, from the article's ranges in
 * pricing.yaml: taxes and bonuses as shares of the salary, tools monthly, equipment once (spread over a
 * year), training yearly.
 */
final class InHouseCost {
    private static final int MONTHS = 12;

    record Range(double low, double high) {
        Range plus(Range other) {
            return new Range(low + other.low, high + other.high);
        }
    }

    record Breakdown(Range taxes, Range bonus, Range tools, Range equipment, Range training, Range total) {
    }

    private final Pricing pricing;

    InHouseCost(Pricing pricing) {
        this.pricing = pricing;
    }

    Breakdown monthly(double salary) {
        Range taxes = monthlyShare("taxes", salary);
        Range bonus = monthlyShare("bonus", salary);
        Range tools = monthlyShare("tools", salary);
        Range equipment = monthlyShare("equipment", salary);
        Range training = monthlyShare("training", salary);
        Range total = new Range(salary, salary).plus(taxes).plus(bonus).plus(tools).plus(equipment).plus(training);
        return new Breakdown(taxes, bonus, tools, equipment, training, total);
    }

    /** The retainer against the in-house range: the least and the most a month saved (never below zero). */
    Range saving(Range inHouse) {
        Pricing.Range retainer = pricing.model("retainer").orElseThrow().price();
        return new Range(Math.max(0, inHouse.low() - retainer.max()), Math.max(0, inHouse.high() - retainer.min()));
    }

    private Range monthlyShare(String costId, double salary) {
        Pricing.Cost cost = pricing.cost(costId).orElseThrow();
        return switch (cost.unit()) {
            case "percent_of_salary" -> new Range(salary * cost.min() / 100, salary * cost.max() / 100);
            // A share of the annual salary, paid once a year: per month it is the same share of the salary.
            case "percent_of_annual_salary" -> new Range(salary * cost.min() / 100, salary * cost.max() / 100);
            case "month" -> new Range(cost.min(), cost.max());
            case "year", "once" -> new Range(cost.min() / MONTHS, cost.max() / MONTHS);
            default -> throw new IllegalStateException("unknown cost unit " + cost.unit());
        };
    }
}
