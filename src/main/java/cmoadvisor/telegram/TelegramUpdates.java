package cmoadvisor.telegram;

import cmoadvisor.conversation.Inbound;
import cmoadvisor.conversation.Person;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.util.Optional;

/**
 * Turns a stored Telegram update into a transport-free event. Updates the bot does not act on (edits,
 * channel posts, service messages in groups) become empty.
 */
public final class TelegramUpdates {
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final long botId;
    private final java.util.function.LongUnaryOperator chatIds;

    /** @param chatIds the engine's id of a chat Telegram names (the agency group keeps its configured id) */
    public TelegramUpdates(long botId, java.util.function.LongUnaryOperator chatIds) {
        this.botId = botId;
        this.chatIds = chatIds;
    }

    /** A bot's id is the part of its token before the colon. */
    public static long botIdOf(String token) {
        return Long.parseLong(token.substring(0, token.indexOf(':')));
    }

    /** The chat an update belongs to, as Telegram names it, or null for an update of no chat. */
    public static Long chatOf(Update update) {
        if (update.hasMessage()) {
            return update.getMessage().getChatId();
        }
        if (update.hasCallbackQuery() && update.getCallbackQuery().getMessage() != null) {
            return update.getCallbackQuery().getMessage().getChatId();
        }
        return null;
    }

    /** The chat of an update's raw JSON, as far as it can be found, or null. */
    public static Long chatOf(String rawJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode update = new ObjectMapper().readTree(rawJson);
            com.fasterxml.jackson.databind.JsonNode chat = update.path("message").path("chat").path("id");
            if (!chat.canConvertToLong()) {
                chat = update.path("callback_query").path("message").path("chat").path("id");
            }
            return chat.canConvertToLong() ? chat.asLong() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public String write(Update update) {
        try {
            return json.writeValueAsString(update);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise update " + update.getUpdateId(), e);
        }
    }

    public Optional<Inbound> decode(String payload) {
        Update update;
        try {
            update = json.readValue(payload, Update.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a stored update is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return decode(update);
    }

    /** The event an update means, or empty for updates the bot ignores. */
    public Optional<Inbound> decode(Update update) {
        if (update.hasCallbackQuery()) {
            CallbackQuery q = update.getCallbackQuery();
            if (q.getMessage() == null || q.getData() == null) {
                return Optional.empty();
            }
            return Optional.of(new Inbound.ButtonPress(chatIds.applyAsLong(q.getMessage().getChatId()), person(q.getFrom()), q.getId(),
                    q.getMessage().getMessageId(), q.getData()));
        }
        Message m = update.getMessage();
        if (m == null || m.getFrom() == null) {
            return Optional.empty();
        }
        long chatId = chatIds.applyAsLong(m.getChatId());
        Person from = person(m.getFrom());
        // A forum topic's messages carry its id; a group without topics marks none as a topic message.
        Long thread = Boolean.TRUE.equals(m.getIsTopicMessage()) && m.getMessageThreadId() != null
                ? Long.valueOf(m.getMessageThreadId()) : null;
        if (m.hasText()) {
            Message replied = m.getReplyToMessage();
            Long replyTo = replied != null && replied.getFrom() != null && replied.getFrom().getId() == botId
                    ? Long.valueOf(replied.getMessageId()) : null;
            return Optional.of(new Inbound.Text(chatId, from, m.getText(), replyTo, thread));
        }
        Message replied = m.getReplyToMessage();
        Long replyTo = replied != null && replied.getFrom() != null && replied.getFrom().getId() == botId
                ? Long.valueOf(replied.getMessageId()) : null;
        if (m.hasDocument() && chatId > 0) {
            return Optional.of(new Inbound.Document(chatId, from, m.getDocument().getFileId(),
                    m.getDocument().getFileName(), m.getCaption(), m.getMessageId()));
        }
        if (m.hasContact() && chatId > 0) {
            boolean own = m.getContact().getUserId() != null && m.getContact().getUserId().equals(from.id());
            return Optional.of(new Inbound.SharedContact(chatId, from, m.getContact().getPhoneNumber(), own, m.getMessageId()));
        }
        String kind = mediaKind(m);
        if (kind != null && (chatId > 0 || replyTo != null || thread != null)) {
            // In a group only a reply to the bot, or a message in a lead's topic, is addressed to it.
            return Optional.of(new Inbound.Media(chatId, from, m.getMessageId(), kind, replyTo, thread));
        }
        // Service messages and other talk in groups are not addressed to the bot; in a private chat they are.
        return chatId > 0 ? Optional.of(new Inbound.Unsupported(chatId, from)) : Optional.empty();
    }

    /** What a message carries that can be copied on, or null. */
    private static String mediaKind(Message m) {
        if (m.hasPhoto()) {
            return "photo";
        }
        if (m.hasVoice()) {
            return "voice";
        }
        if (m.hasVideoNote()) {
            return "video_note";
        }
        if (m.hasVideo()) {
            return "video";
        }
        if (m.hasAnimation()) {
            return "animation";
        }
        if (m.hasAudio()) {
            return "audio";
        }
        if (m.hasDocument()) {
            return "document";
        }
        if (m.hasSticker()) {
            return "sticker";
        }
        if (m.hasLocation()) {
            return "location";
        }
        if (m.hasContact()) {
            return "contact";
        }
        return null;
    }

    private static Person person(User user) {
        return new Person(user.getId(), user.getUserName(), user.getFirstName(), user.getLanguageCode());
    }
}
