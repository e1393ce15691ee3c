package cmoadvisor.text;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers as prospects type them, in E.164 by Google's libphonenumber. A number without a country
 * code is read in the agency's country first, then in the prospect's language's country, then in the
 * neighbours the agency works with: "0555 12 34 56" is a Kyrgyz mobile (+996 555 123456), "8 701 234 56 78"
 * a Kazakh one (+7 701 234 5678), which no single default region would read both right.
 */
public final class Phones {
    /** The CIS markets the agency serves, in the order a number without a code is tried in. */
    private static final List<String> NEIGHBOURS = List.of("KG", "KZ", "RU", "UZ");
    private static final Pattern TYPED = Pattern.compile("[+()\\d][\\d\\s().-]{5,}\\d");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String agencyRegion;

    /** @param agencyRegion the agency's country, ISO 3166 alpha-2 (KG) */
    public Phones(String agencyRegion) {
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(agencyRegion)) {
            throw new IllegalArgumentException("not a country libphonenumber knows: " + agencyRegion);
        }
        this.agencyRegion = agencyRegion;
    }

    /** Whether libphonenumber knows the country (for checking the setting). */
    public static boolean isRegion(String region) {
        return region != null && PhoneNumberUtil.getInstance().getSupportedRegions().contains(region);
    }

    /** Whether the text looks like a phone number at all (digits, spaces, + ( ) - .), valid or not. */
    public static boolean looksLikeAPhone(String text) {
        return TYPED.matcher(text.strip()).matches();
    }

    /**
     * The number in E.164 (+996555123456), if it is a valid number in one of the regions tried;
     * {@code languageRegion} is the prospect's language's country (KG for Kyrgyz), or null.
     */
    public Optional<String> e164(String typed, String languageRegion) {
        if (typed == null || !looksLikeAPhone(typed)) {
            return Optional.empty();
        }
        String text = typed.strip();
        Set<String> regions = new LinkedHashSet<>();
        regions.add(agencyRegion);
        if (languageRegion != null && isRegion(languageRegion)) {
            regions.add(languageRegion);
        }
        regions.addAll(NEIGHBOURS);
        for (String region : regions) {
            try {
                Phonenumber.PhoneNumber number = util.parse(text, region);
                if (util.isValidNumber(number)) {
                    return Optional.of(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
                }
            } catch (NumberParseException e) {
                // Not a number in this region: the next one is tried.
            }
        }
        return Optional.empty();
    }

    /** A number Telegram shared with the contact button: its digits carry the country code, with or without a '+'. */
    public Optional<String> shared(String phone) {
        String digits = phone == null ? "" : phone.replaceAll("[^\\d+]", "");
        return e164(digits.startsWith("+") ? digits : "+" + digits, null);
    }
}
