package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Messages;
import cmoadvisor.search.Answer;
import cmoadvisor.search.AnswerEngine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transport-free heart of the bot: an inbound message in, the replies out. It knows nothing of
 * Telegram or of the terminal, so the same conversation runs in both and in tests.
 *
 * <p>A chat's language is the one the user chose with /lang, else the language of each message, with the
 * chat's previous language breaking ties in very short messages.
 */
public final class ConversationEngine {
    private final AnswerEngine answers;
    private final Map<Long, Lang> chosenLanguage = new ConcurrentHashMap<>();
    private final Map<Long, Lang> lastLanguage = new ConcurrentHashMap<>();

    public ConversationEngine(AnswerEngine answers) {
        this.answers = answers;
    }

    public List<Outbound> handle(Inbound in) {
        String text = in.text() == null ? "" : in.text().strip();
        Messages messages = answers.knowledge().messages();
        if (text.startsWith("/")) {
            String[] parts = text.split("\\s+", 2);
            String command = parts[0].toLowerCase(Locale.ROOT).replaceFirst("@.*$", "");
            String argument = parts.length > 1 ? parts[1].strip() : "";
            // A command's argument ("/lang fr", "/start fb_ads") says nothing about the user's language.
            Lang lang = languageOf(in.chatId(), "");
            switch (command) {
                case "/start":
                    return reply(in, lang, messages.get("welcome", lang));
                case "/help":
                    return reply(in, lang, messages.get("help", lang));
                case "/lang": {
                    var chosen = Lang.fromCode(argument);
                    if (chosen.isEmpty()) {
                        return reply(in, lang, messages.get("help", lang));
                    }
                    chosenLanguage.put(in.chatId(), chosen.get());
                    lastLanguage.put(in.chatId(), chosen.get());
                    return reply(in, chosen.get(), messages.get("language_set", chosen.get()));
                }
                default:
                    return reply(in, lang, messages.get("help", lang));
            }
        }
        Lang lang = languageOf(in.chatId(), text);
        lastLanguage.put(in.chatId(), lang);
        Answer answer = answers.answer(text, lang);
        return reply(in, lang, answer.markdown());
    }

    private Lang languageOf(long chatId, String text) {
        Lang chosen = chosenLanguage.get(chatId);
        if (chosen != null) {
            return chosen;
        }
        Lang previous = lastLanguage.getOrDefault(chatId, Lang.PRIMARY);
        return text.isBlank() ? previous : answers.detectLanguage(text, previous);
    }

    private static List<Outbound> reply(Inbound in, Lang lang, String markdown) {
        return List.of(new Outbound(in.chatId(), lang, markdown));
    }
}
