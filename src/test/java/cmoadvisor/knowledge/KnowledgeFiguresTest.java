package cmoadvisor.knowledge;

import cmoadvisor.TestKnowledge;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot must never invent a price or a promise: every number in every answer must be one the article
 * gives, and every price in pricing.yaml must be in the answers that quote it.
 */
class KnowledgeFiguresTest {
    private static final Path ARTICLE = Path.of("../shared/source-article.ky.txt");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[  ]\\d{3})*");

    @Test
    void everyNumberInTheAnswers_appearsInTheArticle() throws IOException {
        Set<String> articleNumbers = numbers(articleText());
        List<String> invented = new ArrayList<>();
        for (Lang lang : Lang.values()) {
            for (Topic topic : TestKnowledge.knowledge().topics(lang)) {
                for (String n : numbers(topic.body())) {
                    if (!articleNumbers.contains(n)) {
                        invented.add(topic.source() + ": " + n);
                    }
                }
            }
        }
        for (Quiz.Result result : TestKnowledge.knowledge().quiz().results()) {
            for (Lang lang : Lang.values()) {
                for (String n : numbers(result.text().in(lang))) {
                    if (!articleNumbers.contains(n)) {
                        invented.add("quiz.yaml result " + result.model() + " [" + lang.code() + "]: " + n);
                    }
                }
            }
        }
        assertThat(invented).as("numbers the article does not give").isEmpty();
    }

    @Test
    void modelPrices_areQuotedInTheirTopicInEveryLanguage() {
        var pricing = TestKnowledge.knowledge().pricing();
        for (Lang lang : Lang.values()) {
            assertThat(body("hourly-model", lang)).contains(range(pricing.model("hourly").orElseThrow().price()));
            assertThat(body("retainer-model", lang)).contains(range(pricing.model("retainer").orElseThrow().price()));
            assertThat(body("project-model", lang)).contains(range(pricing.model("project").orElseThrow().price()));
            assertThat(body("inhouse-cmo-total-cost", lang)).contains(range(pricing.inHouse().totalMonthly()));
            assertThat(body("savings-and-advantages", lang)).contains(range(pricing.external().savingsPercent()));
        }
    }

    private static String body(String id, Lang lang) {
        return TestKnowledge.knowledge().topic(id, lang).orElseThrow().body();
    }

    /** "$2 000–5 000" as the answers write it. */
    private static String range(Pricing.Range r) {
        return format(r.min()) + "–" + format(r.max());
    }

    private static String format(double value) {
        String digits = String.valueOf((long) value);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0 && digits.length() > 3) {
                out.append(' ');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    private static String articleText() throws IOException {
        Path article = Files.exists(ARTICLE) ? ARTICLE : Path.of("src/test/resources/source-article.ky.txt");
        return Files.readString(article);
    }

    private static Set<String> numbers(String text) {
        Set<String> numbers = new TreeSet<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            numbers.add(m.group().replaceAll("[  ]", ""));
        }
        return numbers;
    }
}
