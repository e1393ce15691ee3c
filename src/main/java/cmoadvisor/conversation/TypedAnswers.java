package cmoadvisor.conversation;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed answers in the three languages: yes/no, phone numbers, names. */
final class TypedAnswers {
    private static final Set<String> YES = Set.of("ооба", "оова", "ова", "ооба.", "да", "ага", "угу", "конечно",
            "есть", "yes", "yep", "yeah", "y", "true", "ийе", "ия", "бар", "туура");
    private static final Set<String> NO = Set.of("жок", "жок.", "нет", "неа", "no", "nope", "n", "false",
            "эмес", "жоок");
    private static final Pattern PHONE = Pattern.compile("\\+?[\\d\\s().-]{9,22}");
    private static final int MAX_NAME = 100;
    private static final int MAX_COMPANY = 200;

    private TypedAnswers() {
    }

    /** "yes" or "no" for a typed answer (first word decides: "да, есть" is yes), or empty. */
    static Optional<String> yesNo(String text) {
        String first = text.strip().toLowerCase(Locale.ROOT).split("[\\s,.!;:]+", 2)[0];
        if (YES.contains(first)) {
            return Optional.of("yes");
        }
        if (NO.contains(first)) {
            return Optional.of("no");
        }
        return Optional.empty();
    }

    /** A phone number as digits with an optional leading +, or empty when the text is not one. */
    static Optional<String> phone(String text) {
        String trimmed = text.strip();
        if (!PHONE.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        String digits = trimmed.replaceAll("\\D", "");
        if (digits.length() < 9 || digits.length() > 15) {
            return Optional.empty();
        }
        return Optional.of(trimmed.startsWith("+") || digits.length() > 10 ? "+" + digits : digits);
    }

    static Optional<String> name(String text) {
        String trimmed = text.strip().replaceAll("\\s+", " ");
        return trimmed.isEmpty() || trimmed.length() > MAX_NAME || trimmed.startsWith("/")
                ? Optional.empty() : Optional.of(trimmed);
    }

    static Optional<String> company(String text) {
        String trimmed = text.strip().replaceAll("\\s+", " ");
        return trimmed.isEmpty() || trimmed.length() > MAX_COMPANY || trimmed.startsWith("/")
                ? Optional.empty() : Optional.of(trimmed);
    }
}
