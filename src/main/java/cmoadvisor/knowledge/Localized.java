package cmoadvisor.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A short text in each of the bot's languages. */
public record Localized(@JsonProperty("ky") String ky, @JsonProperty("ru") String ru, @JsonProperty("en") String en) {

    public String in(Lang lang) {
        return switch (lang) {
            case KY -> ky;
            case RU -> ru;
            case EN -> en;
        };
    }

    /** The languages this text is missing in; empty when complete. */
    public java.util.List<Lang> missing() {
        return java.util.Arrays.stream(Lang.values()).filter(l -> in(l) == null || in(l).isBlank()).toList();
    }
}
