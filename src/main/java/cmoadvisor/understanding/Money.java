package cmoadvisor.understanding;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads amounts typed in a chat: "5000", "$6k", "6 000 долларов", "60 млн тенге", "$120K", "1,5 млн тг",
 * "$7,000", "400 000 сом (около $4 500)". Each amount's currency is the sign or word next to it, else the
 * one the message names, else UNKNOWN: the bot never guesses a currency, nor converts one without a rate.
 */
public final class Money {
    public enum Currency { USD, KZT, KGS, RUB, OTHER, UNKNOWN }

    /** An amount as typed; {@code start} is where it stands in the text. */
    public record Amount(double value, Currency currency, int start) {
        public Amount(double value, Currency currency) {
            this(value, currency, 0);
        }
    }

    private static final String MULTIPLIER = "k|к|тыс\\.?|тысяч[а-я]*|миң|m|м|млн\\.?|миллион[а-я]*|million|mln|"
            + "млрд\\.?|миллиард[а-я]*|billion|bn";
    /** Thousands grouped by a space, comma or apostrophe ("7,000", "400 000") are read before decimals ("2,5"). */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\p{L}\\d])(\\$\\s?)?(\\d{1,3}(?:[ \\u00a0\\u202f\\u2009,'’]\\d{3})+(?![\\d])|\\d+)(?:[.,](\\d+))?"
                    + "\\s?(" + MULTIPLIER + ")?(?![\\p{L}&&[^гнд]])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern USD = Pattern.compile("^\\s*(\\$|usd|доллар|долл|dollar|бакс|dolar)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern KZT = Pattern.compile("^\\s*(₸|kzt|тенге|теңге|тг\\b|tenge)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern KGS = Pattern.compile("^\\s*(сом|kgs|som\\b)", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern RUB = Pattern.compile("^\\s*(руб|₽|rub)", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern OTHER = Pattern.compile("^\\s*(евро|€|eur|сум|uzs|юан|yuan)", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private Money() {
    }

    /** The first amount in the text. */
    public static Optional<Amount> parse(String text) {
        List<Amount> all = all(text);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every amount in the text, in order. */
    public static List<Amount> all(String text) {
        List<Amount> amounts = new ArrayList<>();
        if (text == null) {
            return amounts;
        }
        Matcher m = NUMBER.matcher(text);
        List<Matcher> unused = new ArrayList<>();
        while (m.find()) {
            String whole = m.group(2).replaceAll("[ \\u00a0\\u202f\\u2009,'’]", "");
            String fraction = m.group(3);
            BigDecimal value = new BigDecimal(fraction == null ? whole : whole + "." + fraction);
            value = value.multiply(BigDecimal.valueOf(multiplier(m.group(4))));
            Currency currency = m.group(1) != null ? Currency.USD : currencyAfter(text.substring(m.end()));
            amounts.add(new Amount(value.doubleValue(), currency, m.start()));
        }
        Currency named = namedCurrency(text);
        if (named != Currency.UNKNOWN) {
            amounts.replaceAll(a -> a.currency() == Currency.UNKNOWN && amounts.stream()
                    .noneMatch(o -> o != a && o.currency() != Currency.UNKNOWN)
                    ? new Amount(a.value(), named, a.start()) : a);
        }
        return amounts;
    }

    private static Currency currencyAfter(String rest) {
        String next = rest.length() > 16 ? rest.substring(0, 16) : rest;
        if (USD.matcher(next).find()) {
            return Currency.USD;
        }
        if (KZT.matcher(next).find()) {
            return Currency.KZT;
        }
        if (KGS.matcher(next).find()) {
            return Currency.KGS;
        }
        if (RUB.matcher(next).find()) {
            return Currency.RUB;
        }
        if (OTHER.matcher(next).find()) {
            return Currency.OTHER;
        }
        return Currency.UNKNOWN;
    }

    /** The currency a message names anywhere ("зарплата 4500, в долларах"), for amounts without their own. */
    private static Currency namedCurrency(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '$' || Character.isLetter(c) && (i == 0 || !Character.isLetter(lower.charAt(i - 1)))) {
                Currency found = currencyAfter(lower.substring(i));
                if (found != Currency.UNKNOWN) {
                    return found;
                }
            }
        }
        return Currency.UNKNOWN;
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
