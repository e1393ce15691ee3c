package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Messages;
import cmoadvisor.knowledge.Pricing;
import cmoadvisor.text.Html;
import cmoadvisor.text.Placeholders;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bot's phrases as Telegram HTML. Every value filled into a phrase is escaped, so a name like
 * "<Ann & Co>" can never break the markup; values that are HTML already are passed as {@link Raw}.
 * Every phrase may also name the article's figures from pricing.yaml ({retainer_price}, {savings}...),
 * so that no reply writes a price of its own.
 */
final class Phrases {
    private final Messages messages;
    private final Map<Lang, Map<String, String>> figures = new EnumMap<>(Lang.class);

    /** A value that is trusted HTML (built by the bot itself), inserted as it is. */
    record Raw(String html) {
    }

    Phrases(Messages messages, Pricing pricing) {
        this.messages = messages;
        for (Lang lang : Lang.values()) {
            figures.put(lang, figures(pricing, lang));
        }
    }

    /** The phrase with its {placeholders} filled: pairs of name and value. */
    String html(String key, Lang lang, Object... pairs) {
        return fill(messages.get(key, lang), lang, pairs);
    }

    /** A template from the knowledge (a small-talk reply), filled like a phrase. */
    String fill(String template, Lang lang, Object... pairs) {
        Map<String, String> values = new HashMap<>(figures.get(lang));
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            values.put(String.valueOf(pairs[i]), value instanceof Raw raw ? raw.html() : Html.escape(String.valueOf(value)));
        }
        // Phrases are trusted HTML written by admins; only the values are user-supplied.
        return Placeholders.fill(template, values);
    }

    /** A phrase used as a button label or plain text: no markup. */
    String plain(String key, Lang lang) {
        return messages.get(key, lang);
    }

    /** "$50–150 в час", "$2 000–5 000 в месяц", "30–60%" as the price table writes them. */
    String price(Pricing.Range range, Lang lang) {
        String key = switch (range.unit()) {
            case "hour" -> "unit_hour";
            case "month" -> "unit_month";
            case "hours_per_month" -> "unit_hours_per_month";
            case "days_per_week" -> "unit_days_per_week";
            default -> "unit_project";
        };
        boolean money = !range.unit().endsWith("_per_month") && !range.unit().endsWith("_per_week");
        String numbers = money ? PriceFlow.range(range.min(), range.max())
                : Math.round(range.min()) + "–" + Math.round(range.max());
        return messages.get(key, lang).replace("{range}", numbers);
    }

    private Map<String, String> figures(Pricing pricing, Lang lang) {
        Map<String, String> out = new LinkedHashMap<>();
        pricing.model("hourly").ifPresent(m -> {
            out.put("hourly_rate", Html.escape(price(m.price(), lang)));
            if (m.volume() != null) {
                out.put("hourly_hours", Html.escape(price(m.volume(), lang)));
            }
        });
        pricing.model("retainer").ifPresent(m -> {
            out.put("retainer_price", Html.escape(price(m.price(), lang)));
            if (m.volume() != null) {
                out.put("retainer_days", Html.escape(price(m.volume(), lang)));
            }
        });
        pricing.model("project").ifPresent(m -> out.put("project_price", Html.escape(price(m.price(), lang))));
        Pricing.Range total = pricing.inHouse().totalMonthly();
        out.put("inhouse_total", Html.escape(price(new Pricing.Range(total.min(), total.max(), "month"), lang)));
        Pricing.Range savings = pricing.external().savingsPercent();
        out.put("savings", Math.round(savings.min()) + "–" + Math.round(savings.max()) + "%");
        return out;
    }
}
