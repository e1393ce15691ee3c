package cmoadvisor.knowledge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PricingParserTest {
    private static final Path FILE = Path.of("knowledge/pricing.yaml");
    private final PricingParser parser = new PricingParser();

    @Test
    void parse_readsTheProjectPricing_withTheArticlesFigures() throws IOException {
        var result = parser.parse(FILE, Files.readString(FILE));
        assertThat(result.errors()).isEmpty();
        Pricing pricing = result.pricing();
        assertThat(pricing.model("hourly").orElseThrow().price()).isEqualTo(new Pricing.Range(50.0, 150.0, "hour"));
        assertThat(pricing.model("retainer").orElseThrow().price()).isEqualTo(new Pricing.Range(2000.0, 5000.0, "month"));
        assertThat(pricing.model("project").orElseThrow().price()).isEqualTo(new Pricing.Range(3000.0, 15000.0, "project"));
        assertThat(pricing.cost("taxes").orElseThrow().unit()).isEqualTo("percent_of_salary");
        assertThat(pricing.inHouse().totalMonthly().min()).isEqualTo(4000.0);
        assertThat(pricing.external().savingsPercent().max()).isEqualTo(60.0);
    }

    @Test
    void parse_setsNoExchangeRate_andRefusesAnUnknownCurrencyOrARateThatIsNotPositive() throws IOException {
        assertThat(parser.parse(FILE, Files.readString(FILE)).pricing().exchangeRates()).as("the article gives none").isEmpty();
        var result = parser.parse(FILE, Files.readString(FILE) + "exchange_rates: {KGS: 87.5, EUR: 0.9, RUB: 0}\n");
        assertThat(result.errors()).extracting(KnowledgeError::message)
                .anySatisfy(m -> assertThat(m).contains("'EUR' is not one of"))
                .anySatisfy(m -> assertThat(m).contains("rate of RUB must be a positive number"));
        assertThat(parser.parse(FILE, Files.readString(FILE) + "exchange_rates: {KGS: 87.5}\n").pricing().rate("KGS"))
                .contains(87.5);
    }

    @Test
    void parse_reportsAnInvertedRange_andAMissingLanguage() throws IOException {
        String broken = Files.readString(FILE)
                .replace("price: {min: 50, max: 150, unit: hour}", "price: {min: 150, max: 50, unit: hour}")
                .replace("label: {ky: Ретейнер, ru: Ретейнер, en: Retainer}", "label: {ky: Ретейнер, ru: Ретейнер}");
        var result = parser.parse(FILE, broken);
        assertThat(result.pricing()).isNull();
        assertThat(result.errors()).extracting(KnowledgeError::message)
                .anySatisfy(m -> assertThat(m).contains("model 'hourly' price").contains("min <= max"))
                .anySatisfy(m -> assertThat(m).contains("model 'retainer' label lacks a text in [EN]"));
    }

    @Test
    void parse_requiresTheRetainerAndEveryCostTheCalculatorUses() throws IOException {
        String broken = Files.readString(FILE).replace("id: retainer", "id: monthly").replace("id: bonus", "id: premium");
        assertThat(parser.parse(FILE, broken).errors()).extracting(KnowledgeError::message)
                .anySatisfy(m -> assertThat(m).contains("'retainer' model, which is missing"))
                .anySatisfy(m -> assertThat(m).contains("lacks 'bonus'"));
    }

    @Test
    void parse_reportsAnUnknownField_withItsLine() {
        var result = parser.parse(FILE, "models: []\nextra: 1\n");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).contains("unknown field 'extra'");
            assertThat(e.line()).isEqualTo(2);
        });
    }
}
