package cmoadvisor.conversation;

import java.util.List;
import java.util.Map;

/** A finished quiz: the answers, the score, the signs that apply and the recommended model. */
public record QuizResult(Map<String, String> answers, int score, int maxScore, List<String> signs, String model,
                         boolean qualified) {
    public QuizResult {
        answers = Map.copyOf(answers);
        signs = List.copyOf(signs);
    }
}
