package cmoadvisor.understanding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyTest {

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "5000 | 5000 | UNKNOWN",
            "$6k | 6000 | USD",
            "6 000 долларов | 6000 | USD",
            "60 млн тенге | 60000000 | KZT",
            "$120K | 120000 | USD",
            "1,5 млн тг | 1500000 | KZT",
            "оборот 5 млрд ₸ | 5000000000 | KZT",
            "зарплата 4500 usd | 4500 | USD",
            "100 миң сом | 100000 | KGS",
            "400 000 сом (около $4 500) | 400000 | KGS",
            "3 млн рублей | 3000000 | RUB",
            "$150 000гө жетти | 150000 | USD",
            "$7,000 a month | 7000 | USD",
            "2,5 млн тенге | 2500000 | KZT",
            "2.5 million dollars | 2500000 | USD"
    })
    void parse_readsTheAmountAndTheCurrency(String text, double value, Money.Currency currency) {
        Money.Amount amount = Money.parse(text).orElseThrow();
        assertThat(amount.value()).isEqualTo(value);
        assertThat(amount.currency()).isEqualTo(currency);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "пять тысяч", "много", "k"})
    void parse_findsNothingWithoutDigits(String text) {
        assertThat(Money.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {"500 | $500", "2000 | $2 000", "12345.6 | $12 346", "1000000 | $1 000 000"})
    void dollars_writesAmountsAsTheKnowledgeDoes(double amount, String expected) {
        assertThat(Money.dollars(amount)).isEqualTo(expected);
    }
}
