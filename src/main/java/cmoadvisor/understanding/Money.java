package cmoadvisor.conversation;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an amount of money typed in a chat: "5000", "$6k", "6 000 долларов", "60 млн тенге", "$120K",
 * "1,5 млн тг". The currency is what the text says, or UNKNOWN: the bot never guesses it.
 */
public final class Money {
    public enum Currency { USD, KZT, OTHER, UNKNOWN }

    public record Amount(double value, Currency currency) {
    }

    private static final Pattern NUMBER = Pattern.compile(
            "(\\d{1,3}(?:[ \\u00a0\\u202f]\\d{3})+|\\d+)(?:[.,](\\d+))?\\s*"
                    + "(k|к|тыс\\.?|тысяч[а-я]*|миң|m|м|млн\\.?|миллион[а-я]*|million|mln|млрд\\.?|миллиард[а-я]*|billion|bn)?(?![\\p{L}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern USD = Pattern.compile("\\$|usd|доллар|долл|dollar|бакс", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern KZT = Pattern.compile("₸|kzt|тенге|теңге|тг\\b|tenge", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern OTHER = Pattern.compile("сом|kgs|руб|₽|rub|евро|€|eur|сум|uzs", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private Money() {
    }

    public static Optional<Amount> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = NUMBER.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String whole = m.group(1).replaceAll("[ \\u00a0\\u202f]", "");
        String fraction = m.group(2);
        BigDecimal value = new BigDecimal(fraction == null ? whole : whole + "." + fraction);
        value = value.multiply(BigDecimal.valueOf(multiplier(m.group(3))));
        return Optional.of(new Amount(value.doubleValue(), currency(text)));
    }

    private static long multiplier(String suffix) {
        if (suffix == null) {
            return 1;
        }
        String s = suffix.toLowerCase(Locale.ROOT);
        if (s.startsWith("k") || s.startsWith("к") || s.startsWith("тыс") || s.startsWith("миң")) {
            return 1_000;
        }
        if (s.startsWith("млрд") || s.startsWith("миллиард") || s.startsWith("billion") || s.equals("bn")) {
            return 1_000_000_000;
        }
        return 1_000_000;
    }

    private static Currency currency(String text) {
        if (USD.matcher(text).find()) {
            return Currency.USD;
        }
        if (KZT.matcher(text).find()) {
            return Currency.KZT;
        }
        if (OTHER.matcher(text).find()) {
            return Currency.OTHER;
        }
        return Currency.UNKNOWN;
    }

    /** "$12 345" with a space between thousands, as the knowledge writes amounts. */
    public static String dollars(double amount) {
        long rounded = Math.round(amount);
        String digits = Long.toString(Math.abs(rounded));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append(' ');
            }
            out.append(digits.charAt(i));
        }
        return (rounded < 0 ? "-$" : "$") + out;
    }
}
