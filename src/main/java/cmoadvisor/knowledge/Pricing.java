package cmoadvisor.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Optional;

/**
 * The article's prices and in-house costs as data ({@code knowledge/pricing.yaml}), for the price table
 * and the cost calculator. Amounts are US dollars.
 */
public record Pricing(@JsonProperty("models") List<Model> models,
                      @JsonProperty("in_house") InHouse inHouse,
                      @JsonProperty("external") External external,
                      @JsonProperty("exchange_rates") java.util.Map<String, Double> exchangeRates) {

    /** Currencies an admin may give a rate for: units of it for one US dollar. */
    public static final java.util.Set<String> RATE_CURRENCIES = java.util.Set.of("KZT", "KGS", "RUB");

    public Pricing {
        exchangeRates = exchangeRates == null ? java.util.Map.of() : java.util.Map.copyOf(exchangeRates);
    }

    /** The admins' rate for a currency (units for one dollar), if they set one; the bot never assumes one. */
    public Optional<Double> rate(String currency) {
        return Optional.ofNullable(exchangeRates.get(currency));
    }

    /** An inclusive range, as the article states them ("$2 000–5 000"). */
    public record Range(@JsonProperty("min") Double min, @JsonProperty("max") Double max,
                        @JsonProperty("unit") String unit) {
    }

    public record Model(@JsonProperty("id") String id, @JsonProperty("label") Localized label,
                        @JsonProperty("price") Range price, @JsonProperty("volume") Range volume,
                        @JsonProperty("suits") Localized suits) {
    }

    public record Salary(@JsonProperty("region") Localized region, @JsonProperty("min") Double min,
                         @JsonProperty("max") Double max) {
    }

    public record Cost(@JsonProperty("id") String id, @JsonProperty("label") Localized label,
                       @JsonProperty("min") Double min, @JsonProperty("max") Double max,
                       @JsonProperty("unit") String unit) {
    }

    public record InHouse(@JsonProperty("salary") List<Salary> salary, @JsonProperty("costs") List<Cost> costs,
                          @JsonProperty("total_monthly") Range totalMonthly) {
    }

    public record External(@JsonProperty("monthly") Range monthly,
                           @JsonProperty("savings_percent") Range savingsPercent) {
    }

    public Optional<Model> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Optional<Cost> cost(String id) {
        return inHouse.costs().stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
