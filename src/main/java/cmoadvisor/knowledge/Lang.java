package cmoadvisor.knowledge;

import java.util.Locale;
import java.util.Optional;

/** The languages the bot speaks. Kyrgyz is primary: every topic exists in Kyrgyz first. */
public enum Lang {
    KY, RU, EN;

    public static final Lang PRIMARY = KY;

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
