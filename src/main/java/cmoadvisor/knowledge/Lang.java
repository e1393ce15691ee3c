package cmoadvisor.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the bot speaks. Kyrgyz is primary: the agency's article is Kyrgyz, and the bot speaks it to
 * whom it knows nothing about. A topic may still be written in any language first (see {@link #fallbacks}).
 */
public enum Lang {
    KY, RU, EN;

    public static final Lang PRIMARY = KY;

    /**
     * Where a reader of this language is served a topic that has no text in it, nearest first. Russian is the
     * language that the region's readers of Kyrgyz and English most likely also read; a Russian reader gets
     * the Kyrgyz original before English, as before topics could be written in other languages first.
     */
    public List<Lang> fallbacks() {
        return switch (this) {
            case KY -> List.of(RU, EN);
            case RU -> List.of(KY, EN);
            case EN -> List.of(RU, KY);
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Lang> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Lang lang : values()) {
            if (lang.code().equalsIgnoreCase(code.trim())) {
                return Optional.of(lang);
            }
        }
        return Optional.empty();
    }
}
