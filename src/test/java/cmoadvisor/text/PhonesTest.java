package cmoadvisor.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhonesTest {
    private final Phones phones = new Phones("KG");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            // Kyrgyzstan: national 0, mobile 5xx/7xx/2xx
            "0555 12 34 56          | +996555123456",
            "+996 555 123 456       | +996555123456",
            "996555123456           | +996555123456",
            "(0700) 12-34-56        | +996700123456",
            "0312 62 34 56          | +996312623456",
            // Kazakhstan: national 8, mobile 70x/77x
            "8 701 234 56 78        | +77012345678",
            "+7 (701) 234-56-78     | +77012345678",
            "8 777 123 45 67        | +77771234567",
            // Russia: national 8 as well, mobile 9xx
            "8 (916) 123-45-67      | +79161234567",
            "+7 916 123 45 67       | +79161234567",
            // Uzbekistan: 9 digits, mobile 9x
            "+998 90 123 45 67      | +998901234567",
            "90 123 45 67           | +998901234567",
    })
    void e164_readsNumbersAsTheyAreTypedInTheRegion(String typed, String expected) {
        assertThat(phones.e164(typed, null)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"0555 12 34", "+996 123", "12345678901234567", "8 000 000 00 00"})
    void e164_ofANumberNoCountryHas_isEmpty(String typed) {
        assertThat(phones.e164(typed, null)).isEmpty();
    }

    @Test
    void e164_ofTextThatIsNoNumber_isEmpty_andDoesNotLookLikeOne() {
        assertThat(phones.e164("позвоните мне завтра", null)).isEmpty();
        assertThat(Phones.looksLikeAPhone("позвоните мне завтра")).isFalse();
        assertThat(Phones.looksLikeAPhone("0555 12 34")).isTrue();
    }

    @Test
    void shared_addsThePlusTelegramLeavesOut() {
        assertThat(phones.shared("996555123456")).contains("+996555123456");
        assertThat(phones.shared("+77012345678")).contains("+77012345678");
    }

    @Test
    void anAgencyInKazakhstan_readsAZeroNumberAsKyrgyzStill_andAnEightNumberAsKazakh() {
        Phones kazakh = new Phones("KZ");
        assertThat(kazakh.e164("8 701 234 56 78", null)).contains("+77012345678");
        assertThat(kazakh.e164("0555 12 34 56", null)).contains("+996555123456");
    }
}
