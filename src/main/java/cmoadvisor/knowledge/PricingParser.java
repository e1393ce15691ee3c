package cmoadvisor.knowledge;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and checks {@code pricing.yaml}; the calculator relies on every range being complete and ordered. */
public final class PricingParser {
    static final Set<String> PRICE_UNITS = Set.of("hour", "month", "year", "project", "once");
    static final Set<String> COST_UNITS = Set.of("month", "year", "once", "percent_of_salary", "percent_of_annual_salary");
    static final Set<String> REQUIRED_COSTS = Set.of("taxes", "bonus", "tools", "equipment", "training");

    private final YamlReader yaml;

    public PricingParser() {
        this(new YamlReader());
    }

    /** Shares the loader's YAML reader: one Jackson mapper learns each type once. */
    PricingParser(YamlReader yaml) {
        this.yaml = yaml;
    }

    /** The parsed pricing, or the errors that prevented it. */
    public record Result(Pricing pricing, List<KnowledgeError> errors) {
    }

    public Result parse(Path file, String content) {
        YamlReader.Read<Pricing> read = yaml.read(file, content, Pricing.class);
        if (read.error() != null) {
            return new Result(null, List.of(read.error()));
        }
        Pricing pricing = read.value();
        if (pricing == null || pricing.models() == null && pricing.inHouse() == null && pricing.external() == null) {
            return new Result(null, List.of(new KnowledgeError(file, 1, "the file is empty")));
        }
        List<KnowledgeError> errors = new ArrayList<>();
        new Checker(file, content, errors).check(pricing);
        return new Result(errors.isEmpty() ? pricing : null, errors);
    }

    /** Walks the parsed tree; reports each problem at the line where its key first appears. */
    private record Checker(Path file, String content, List<KnowledgeError> errors) {

        void check(Pricing p) {
            p.exchangeRates().forEach((currency, rate) -> {
                if (!Pricing.RATE_CURRENCIES.contains(currency)) {
                    error("exchange_rates", "exchange_rates: '" + currency + "' is not one of " + new java.util.TreeSet<>(Pricing.RATE_CURRENCIES));
                }
                if (rate == null || rate <= 0) {
                    error("exchange_rates", "exchange_rates: the rate of " + currency + " must be a positive number of "
                            + currency + " for one US dollar");
                }
            });
            if (p.models() == null || p.models().isEmpty()) {
                error("models", "'models' must list the engagement models");
            } else {
                Set<String> ids = new HashSet<>();
                for (Pricing.Model m : p.models()) {
                    String where = "model '" + m.id() + "'";
                    if (m.id() == null || !ids.add(m.id())) {
                        error("models", "every model needs a unique 'id' (found '" + m.id() + "')");
                    }
                    localized(where + " label", m.label());
                    localized(where + " suits", m.suits());
                    range(where + " price", m.price(), PRICE_UNITS, true);
                    if (m.volume() != null) {
                        range(where + " volume", m.volume(), null, true);
                    }
                }
                if (!ids.contains("retainer")) {
                    error("models", "the cost calculator compares against the 'retainer' model, which is missing");
                }
            }
            Pricing.InHouse in = p.inHouse();
            if (in == null) {
                error("in_house", "'in_house' is missing");
            } else {
                if (in.salary() == null || in.salary().isEmpty()) {
                    error("salary", "'in_house.salary' must list at least one region");
                } else {
                    for (Pricing.Salary s : in.salary()) {
                        localized("salary region", s.region());
                        range("salary in " + (s.region() == null ? "?" : s.region().en()),
                                new Pricing.Range(s.min(), s.max(), null), null, false);
                    }
                }
                Set<String> costIds = new HashSet<>();
                for (Pricing.Cost c : in.costs() == null ? List.<Pricing.Cost>of() : in.costs()) {
                    costIds.add(c.id());
                    localized("cost '" + c.id() + "' label", c.label());
                    range("cost '" + c.id() + "'", new Pricing.Range(c.min(), c.max(), c.unit()), COST_UNITS, true);
                }
                for (String required : REQUIRED_COSTS) {
                    if (!costIds.contains(required)) {
                        error("costs", "'in_house.costs' lacks '" + required + "', which the cost calculator needs");
                    }
                }
                range("in_house.total_monthly", in.totalMonthly(), null, false);
            }
            if (p.external() == null) {
                error("external", "'external' is missing");
            } else {
                range("external.monthly", p.external().monthly(), null, false);
                range("external.savings_percent", p.external().savingsPercent(), null, false);
            }
        }

        private void localized(String what, Localized text) {
            if (text == null) {
                error(null, what + " is missing");
            } else if (!text.missing().isEmpty()) {
                error(null, what + " lacks a text in " + text.missing());
            }
        }

        private void range(String what, Pricing.Range r, Set<String> units, boolean unitRequired) {
            if (r == null || r.min() == null || r.max() == null) {
                error(null, what + " needs both 'min' and 'max'");
                return;
            }
            if (r.min() < 0 || r.max() < r.min()) {
                error(null, what + ": min " + r.min() + " and max " + r.max() + " must satisfy 0 <= min <= max");
            }
            if (units != null && (r.unit() == null ? unitRequired : !units.contains(r.unit()))) {
                error(null, what + ": unit '" + r.unit() + "' is not one of " + units);
            }
        }

        private void error(String key, String message) {
            errors.add(new KnowledgeError(file, key == null ? 0 : lineOf(key), message));
        }

        private int lineOf(String key) {
            String[] lines = content.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].strip().startsWith(key + ":")) {
                    return i + 1;
                }
            }
            return 0;
        }
    }
}
