package cmoadvisor.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Optional;

/** The readiness quiz as data ({@code knowledge/quiz.yaml}); one generic flow runs whatever it declares. */
public record Quiz(@JsonProperty("questions") List<Question> questions,
                   @JsonProperty("qualification") Qualification qualification,
                   @JsonProperty("results") List<Result> results) {

    public static final String YES_NO = "yes_no";
    public static final String REVENUE = "revenue";

    public record Question(@JsonProperty("id") String id, @JsonProperty("kind") String kind,
                           @JsonProperty("sign") Localized sign,
                           @JsonProperty("text") Localized text,
                           @JsonProperty("thresholds") Thresholds thresholds,
                           @JsonProperty("choices") List<Choice> choices) {

        public Optional<Choice> choice(String id) {
            return choices.stream().filter(c -> c.id().equals(id)).findFirst();
        }
    }

    /** Monthly revenue at or above which the revenue sign applies, per currency the article names. */
    public record Thresholds(@JsonProperty("kzt") Double kzt, @JsonProperty("usd") Double usd) {
    }

    public record Choice(@JsonProperty("id") String id, @JsonProperty("weight") Integer weight,
                         @JsonProperty("label") Localized label) {
    }

    public record Qualification(@JsonProperty("min_score") Integer minScore) {
    }

    public record Result(@JsonProperty("min_score") Integer minScore, @JsonProperty("max_score") Integer maxScore,
                         @JsonProperty("model") String model, @JsonProperty("text") Localized text) {
    }

    public Question question(int index) {
        return questions.get(index);
    }

    public int maxScore() {
        return questions.stream()
                .mapToInt(q -> q.choices().stream().mapToInt(Choice::weight).max().orElse(0)).sum();
    }

    public boolean qualifies(int score) {
        return score >= qualification.minScore();
    }

    public Result resultFor(int score) {
        return results.stream().filter(r -> score >= r.minScore() && score <= r.maxScore()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result band for score " + score));
    }
}
