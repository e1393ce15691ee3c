package cmoadvisor.conversation;

import cmoadvisor.knowledge.Pricing;
import cmoadvisor.knowledge.Quiz;
import cmoadvisor.understanding.Money;

import java.util.Optional;

/**
 * The first sign of the quiz: whether a monthly turnover reaches the thresholds of quiz.yaml, in dollars or
 * in tenge as the article gives them, or in som or rubles with a rate the agency set. One rule for the
 * quiz's typed answer and for a turnover mentioned anywhere in the chat.
 */
final class RevenueSign {
    private RevenueSign() {
    }

    /** Whether the turnover reaches the sign, or empty when its currency is unknown or has no rate. */
    static Optional<Boolean> reached(Quiz.Thresholds thresholds, Money.Amount monthly, Pricing pricing) {
        return switch (monthly.currency()) {
            case USD -> Optional.of(monthly.value() >= thresholds.usd());
            case KZT -> Optional.of(monthly.value() >= thresholds.kzt());
            case KGS, RUB -> pricing.rate(monthly.currency().name())
                    .map(rate -> monthly.value() / rate >= thresholds.usd());
            case OTHER, UNKNOWN -> Optional.empty();
        };
    }
}
