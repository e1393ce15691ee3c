package cmoadvisor.knowledge;

import java.util.Map;

/**
 * The bot's own phrases (greeting, help, "I don't know"), kept in {@code knowledge/messages.yaml} so that
 * the agency can reword them without a release. Placeholders are written {@code {name}}.
 */
public final class Messages {
    /** Keys the code relies on; loading fails if any is missing in any language. */
    public static final java.util.List<String> REQUIRED = java.util.List.of(
            "decline", "welcome", "help", "language_set", "empty_question");

    private final Map<String, Localized> texts;

    public Messages(Map<String, Localized> texts) {
        this.texts = Map.copyOf(texts);
    }

    public String get(String key, Lang lang) {
        Localized text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no message '" + key + "' in messages.yaml");
        }
        String value = text.in(lang);
        return value == null || value.isBlank() ? text.in(Lang.PRIMARY) : value;
    }

    public String format(String key, Lang lang, Map<String, String> values) {
        String result = get(key, lang);
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.replace("{" + e.getKey() + "}", e.getValue());
        }
        return result;
    }
}
