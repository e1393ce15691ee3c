package cmoadvisor.conversation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TypedAnswersTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"ооба, yes", "Ооба!, yes", "да, yes", "'Да, есть', yes", "yes, yes", "жок, no", "Нет, no", "no thanks, no"})
    void yesNo_understandsTheThreeLanguages(String text, String expected) {
        assertThat(TypedAnswers.yesNo(text)).contains(expected);
    }

    @Test
    void yesNo_isEmptyForAnythingElse() {
        assertThat(TypedAnswers.yesNo("может быть")).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "+996 555 123 456 | +996555123456",
            "0555 12-34-56 | 0555123456",
            "8 (701) 123-45-67 | +87011234567",
            "996555123456 | +996555123456"
    })
    void phone_normalisesTypedNumbers(String text, String expected) {
        assertThat(TypedAnswers.phone(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"позвоните мне", "12345", "+1 234 567 890 123 456 789", "555-12a-345"})
    void phone_rejectsWhatIsNotANumber(String text) {
        assertThat(TypedAnswers.phone(text)).isEmpty();
    }

    @Test
    void name_isTrimmed_andCommandsOrEndlessTextAreNotNames() {
        assertThat(TypedAnswers.name("  Асель   Бекова ")).contains("Асель Бекова");
        assertThat(TypedAnswers.name("/start")).isEmpty();
        assertThat(TypedAnswers.name("x".repeat(101))).isEmpty();
    }
}
