package cmoadvisor.text;

import java.util.regex.Pattern;

/** A URL as it may be shown in a log or an error: without the user and password it may carry. */
public final class Urls {
    /** "scheme://user:secret@host" and "…?password=secret&…", where the secret ends at @, & or the end. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)((?:password|pass|pwd|token|secret|key)=)[^&\\s]*");

    private Urls() {
    }

    public static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        String out = USER_INFO.matcher(url).replaceAll("***@");
        return SECRET_PARAMETER.matcher(out).replaceAll("$1***");
    }
}
