package cmoadvisor.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What a spreadsheet would compute or turn into a number is written as text. */
class LeadExportCellTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "=1+1               | '=1+1",
            "-2-3               | '-2-3",
            "+1-1               | '+1-1",
            "@SUM(A1)           | '@SUM(A1)",
            "+996555123456      | '+996555123456",
            "Асель              | Асель",
            "`a, b`             | `\"a, b\"`",
            "`=HYPERLINK(\"x\")`  | `\"'=HYPERLINK(\"\"x\"\")\"`",
    })
    void cell_neutralisesFormulas_andKeepsPhonesAsText(String value, String expected) {
        assertThat(LeadExport.cell(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"\t=1+1", "\r=1+1"})
    void cell_neutralisesALeadingTabOrCarriageReturn(String value) {
        assertThat(LeadExport.cell(value)).matches("(?s)\"?'[\t\r]=1\\+1\"?");
    }
}
