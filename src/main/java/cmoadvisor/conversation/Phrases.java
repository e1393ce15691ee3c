package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Messages;
import cmoadvisor.text.Html;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bot's phrases as Telegram HTML. Every value filled into a phrase is escaped, so a name like
 * "<Ann & Co>" can never break the markup; values that are HTML already are passed as {@link Raw}.
 */
final class Phrases {
    private final Messages messages;

    /** A value that is trusted HTML (built by the bot itself), inserted as it is. */
    record Raw(String html) {
    }

    Phrases(Messages messages) {
        this.messages = messages;
    }

    /** The phrase with its {placeholders} filled: pairs of name and value. */
    String html(String key, Lang lang, Object... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            values.put(String.valueOf(pairs[i]), value instanceof Raw raw ? raw.html() : Html.escape(String.valueOf(value)));
        }
        // Phrases are trusted HTML written by admins; only the values are user-supplied.
        return messages.format(key, lang, values);
    }

    /** A phrase used as a button label or plain text: no markup. */
    String plain(String key, Lang lang) {
        return messages.get(key, lang);
    }
}
