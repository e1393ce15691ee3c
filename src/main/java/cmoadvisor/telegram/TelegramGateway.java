package cmoadvisor.telegram;

import cmoadvisor.conversation.Button;
import cmoadvisor.conversation.Keyboard;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.delivery.AgencyChat;
import cmoadvisor.delivery.LeadTopics;
import cmoadvisor.delivery.MessageGateway;
import cmoadvisor.text.MessageSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScope;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeChat;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeDefault;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardRemove;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Sends the engine's messages with the TelegramBots client: HTML parse mode, 4 096-character pieces. */
public final class TelegramGateway implements MessageGateway {
    private static final Logger log = LoggerFactory.getLogger(TelegramGateway.class);

    private final TelegramClient client;
    private final okhttp3.OkHttpClient http;
    private final String fileBaseUrl;
    private final AgencyChat agencyChat;
    private LeadTopics topics = LeadTopics.NONE;
    /**
     * The pieces of a long message Telegram took before it asked to wait (429) or failed: the retry sends
     * only the rest. Kept in memory: after a restart the whole message goes again (the named window).
     */
    private final java.util.Map<Outbound.Message, List<Long>> partlySent = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PARTLY_SENT_KEPT = 1000;
    /**
     * When Telegram last said the agency chat has no topics (System.nanoTime), or null: for an hour after,
     * a lead's topic is not asked for again (a call per lead would halve the cards a group can get), then
     * once more, in case an admin turned topics on.
     */
    private volatile Long noTopicsSince;
    private static final long ASK_AGAIN_NANOS = Duration.ofHours(1).toNanos();

    /**
     * @param http       the HTTP client for file downloads, which TelegramBots would send to api.telegram.org
     *                   whatever TELEGRAM_API_URL says
     * @param agencyChat where a message for the agency group goes now (the group may have a new id)
     */
    public TelegramGateway(TelegramClient client, okhttp3.OkHttpClient http, org.telegram.telegrambots.meta.TelegramUrl url,
                           String token, AgencyChat agencyChat) {
        this.client = client;
        this.http = http;
        this.fileBaseUrl = url.getSchema() + "://" + url.getHost() + ":" + url.getPort() + "/file/bot" + token + "/";
        this.agencyChat = agencyChat;
    }

    /** Where the lead's forum topics are kept: without, every lead stays in the agency chat's main thread. */
    public TelegramGateway withTopics(LeadTopics topics) {
        this.topics = topics;
        return this;
    }

    @Override
    public boolean costsNothing(Outbound outbound) {
        return (outbound instanceof Outbound.OpenTopic || outbound instanceof Outbound.RenameTopic) && knownWithoutTopics();
    }

    private boolean knownWithoutTopics() {
        Long since = noTopicsSince;
        return since != null && System.nanoTime() - since < ASK_AGAIN_NANOS;
    }

    @Override
    public Delivery send(Outbound outbound) {
        if (outbound instanceof Outbound.OpenTopic open) {
            return openTopic(open);
        }
        if (outbound instanceof Outbound.RenameTopic rename) {
            return renameTopic(rename);
        }
        if (outbound instanceof Outbound.Message message) {
            return sendMessage(message);
        }
        if (outbound instanceof Outbound.Document document) {
            return sendDocument(document);
        }
        if (outbound instanceof Outbound.Photo photo) {
            return sendPhoto(photo);
        }
        if (outbound instanceof Outbound.EditText edit) {
            return editText(edit);
        }
        if (outbound instanceof Outbound.Copy copy) {
            return copy(copy);
        }
        return new Delivery.Rejected("Telegram does not deliver " + outbound.getClass().getSimpleName());
    }

    /**
     * A topic for the lead, when the agency chat is a forum the bot may manage; a chat without topics (or
     * rights to them) is no failure: the lead's messages then go to the chat itself.
     */
    private Delivery openTopic(Outbound.OpenTopic open) {
        if (knownWithoutTopics() || topics.threadOf(open.leadId()).isPresent()) {
            return new Delivery.Sent(List.of());
        }
        try {
            org.telegram.telegrambots.meta.api.objects.forum.ForumTopic topic = client.execute(
                    org.telegram.telegrambots.meta.api.methods.forum.CreateForumTopic.builder()
                            .chatId(agencyChat.toTelegram(open.chatId()))
                            .name(open.name())
                            .build());
            topics.opened(open.leadId(), open.chatId(), topic.getMessageThreadId());
            noTopicsSince = null;
            return new Delivery.Sent(List.of());
        } catch (TelegramApiRequestException e) {
            Integer code = e.getErrorCode();
            if (code != null && code == 400 && (describes(e, "forum") || describes(e, "topic") || describes(e, "enough rights"))) {
                log.debug("no forum topic for lead {}: {}", open.leadId(), e.getApiResponse());
                noTopicsSince = System.nanoTime();
                return new Delivery.Sent(List.of());
            }
            return classify(e, List.of());
        } catch (TelegramApiException e) {
            return new Delivery.RetryLater(null, e.getMessage());
        }
    }

    private Delivery renameTopic(Outbound.RenameTopic rename) {
        java.util.Optional<Long> thread = knownWithoutTopics() ? java.util.Optional.empty() : topics.threadOf(rename.leadId());
        if (thread.isEmpty()) {
            return new Delivery.Sent(List.of());
        }
        try {
            client.execute(org.telegram.telegrambots.meta.api.methods.forum.EditForumTopic.builder()
                    .chatId(agencyChat.toTelegram(rename.chatId()))
                    .messageThreadId(thread.get().intValue())
                    .name(rename.name())
                    .build());
            return new Delivery.Sent(List.of());
        } catch (TelegramApiRequestException e) {
            if (describes(e, "not modified") || describes(e, "thread not found")) {
                return new Delivery.Sent(List.of());
            }
            return classify(e, List.of());
        } catch (TelegramApiException e) {
            return new Delivery.RetryLater(null, e.getMessage());
        }
    }

    /** The forum topic a message about a lead goes to in the agency chat, or null for the chat itself. */
    private Integer threadFor(long chatId, Long leadId) {
        if (leadId == null || !agencyChat.isAgency(chatId) || knownWithoutTopics()) {
            // A group known to have no topics needs no look into the database for every message.
            return null;
        }
        return topics.threadOf(leadId).map(Long::intValue).orElse(null);
    }

    private Delivery sendDocument(Outbound.Document document) {
        return sendOne(() -> {
            SendDocument.SendDocumentBuilder<?, ?> send = SendDocument.builder()
                    .chatId(agencyChat.toTelegram(document.chatId()))
                    .document(new InputFile(new java.io.ByteArrayInputStream(document.content()), document.fileName()));
            if (document.caption() != null) {
                send.caption(document.caption()).parseMode("HTML");
            }
            return client.execute(send.build());
        });
    }

    /** A picture Telegram shows inline (and recompresses), unlike a document, which is a file to open. */
    private Delivery sendPhoto(Outbound.Photo photo) {
        return sendOne(() -> {
            SendPhoto.SendPhotoBuilder<?, ?> send = SendPhoto.builder()
                    .chatId(agencyChat.toTelegram(photo.chatId()))
                    .photo(new InputFile(new java.io.ByteArrayInputStream(photo.content()), photo.fileName()));
            if (photo.caption() != null) {
                send.caption(photo.caption()).parseMode("HTML");
            }
            return client.execute(send.build());
        });
    }

    private interface OneMessageCall {
        Message send() throws TelegramApiException;
    }

    /** One call that makes one message: Telegram's refusal is classified, anything else is worth another try. */
    private static Delivery sendOne(OneMessageCall call) {
        try {
            return new Delivery.Sent(List.of(call.send().getMessageId().longValue()));
        } catch (TelegramApiRequestException e) {
            return classify(e, List.of());
        } catch (TelegramApiException e) {
            return new Delivery.RetryLater(null, e.getMessage());
        }
    }

    /**
     * Sends the message in pieces of at most 4 096 characters. A piece whose HTML Telegram would refuse (checked
     * here, or refused by Telegram all the same) goes out as plain text, and the problem is returned for the
     * admins: a message is never dropped for its formatting.
     */
    private Delivery sendMessage(Outbound.Message message) {
        List<String> pieces = MessageSplitter.split(message.html(), MessageSplitter.TELEGRAM_LIMIT);
        Integer thread = threadFor(message.chatId(), message.leadId());
        List<Long> ids = new ArrayList<>(partlySent.getOrDefault(message, List.of()));
        String formattingProblem = null;
        try {
            for (int i = ids.size(); i < pieces.size(); i++) {
                boolean last = i == pieces.size() - 1;
                ReplyKeyboard markup = last ? markup(message.keyboard()) : null;
                String piece = pieces.get(i);
                java.util.Optional<String> problem = cmoadvisor.text.TelegramHtml.problem(piece);
                Message sent;
                if (problem.isPresent()) {
                    formattingProblem = problem.get();
                    sent = client.execute(textMessage(message.chatId(), thread, cmoadvisor.text.Html.toPlainText(piece), false, markup));
                } else {
                    try {
                        sent = client.execute(textMessage(message.chatId(), thread, piece, true, markup));
                    } catch (TelegramApiRequestException e) {
                        if (thread != null && describes(e, "thread not found")) {
                            // Someone deleted the lead's topic: the rest goes to the chat itself.
                            thread = null;
                            sent = client.execute(textMessage(message.chatId(), null, piece, true, markup));
                            ids.add(sent.getMessageId().longValue());
                            continue;
                        }
                        if (!describes(e, "can't parse entities")) {
                            throw e;
                        }
                        formattingProblem = e.getApiResponse();
                        sent = client.execute(textMessage(message.chatId(), thread, cmoadvisor.text.Html.toPlainText(piece), false, markup));
                    }
                }
                ids.add(sent.getMessageId().longValue());
            }
            partlySent.remove(message);
            return new Delivery.Sent(ids, formattingProblem);
        } catch (TelegramApiRequestException e) {
            return rememberingPieces(message, ids, classify(e, ids));
        } catch (TelegramApiException e) {
            return rememberingPieces(message, ids, new Delivery.RetryLater(null, e.getMessage()));
        }
    }

    /** A message that will be tried again keeps the pieces Telegram took; any other outcome forgets them. */
    private Delivery rememberingPieces(Outbound.Message message, List<Long> ids, Delivery outcome) {
        if (outcome instanceof Delivery.RetryLater && !ids.isEmpty() && partlySent.size() < PARTLY_SENT_KEPT) {
            partlySent.put(message, List.copyOf(ids));
        } else {
            partlySent.remove(message);
        }
        return outcome;
    }

    /** A message passed on as it is: Telegram copies it (media too) without a "forwarded from" header. */
    private Delivery copy(Outbound.Copy copy) {
        try {
            org.telegram.telegrambots.meta.api.objects.MessageId id = client.execute(
                    org.telegram.telegrambots.meta.api.methods.CopyMessage.builder()
                            .chatId(agencyChat.toTelegram(copy.chatId()))
                            .fromChatId(agencyChat.toTelegram(copy.fromChatId()))
                            .messageId((int) copy.messageId())
                            .messageThreadId(threadFor(copy.chatId(), copy.leadId()))
                            .build());
            return new Delivery.Sent(List.of(id.getMessageId()));
        } catch (TelegramApiRequestException e) {
            return classify(e, List.of());
        } catch (TelegramApiException e) {
            return new Delivery.RetryLater(null, e.getMessage());
        }
    }

    /** A new text and no buttons; an edit that changes nothing, or of a message gone, has nothing left to do. */
    private Delivery editText(Outbound.EditText edit) {
        try {
            client.execute(org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText.builder()
                    .chatId(agencyChat.toTelegram(edit.chatId()))
                    .messageId((int) edit.messageId())
                    .text(edit.html())
                    .parseMode("HTML")
                    .replyMarkup(markup(edit.keyboard()) instanceof InlineKeyboardMarkup inline ? inline
                            : InlineKeyboardMarkup.builder().keyboard(List.of()).build())
                    .build());
            return new Delivery.Sent(List.of(edit.messageId()));
        } catch (TelegramApiRequestException e) {
            if (describes(e, "message is not modified")) {
                return new Delivery.Sent(List.of(edit.messageId()));
            }
            if (describes(e, "no text in the message")) {
                // A copy of a photo, a voice message…: it cannot say something else, so it goes.
                return delete(edit.chatId(), edit.messageId());
            }
            return classify(e, List.of());
        } catch (TelegramApiException e) {
            return new Delivery.RetryLater(null, e.getMessage());
        }
    }

    private Delivery delete(long chatId, long messageId) {
        try {
            client.execute(org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage.builder()
                    .chatId(agencyChat.toTelegram(chatId))
                    .messageId((int) messageId)
                    .build());
            return new Delivery.Sent(List.of(messageId));
        } catch (TelegramApiRequestException e) {
            // Already gone, or older than Telegram lets a bot delete (48 h): nothing more can be done.
            return describes(e, "message to delete not found") || describes(e, "message can't be deleted")
                    ? new Delivery.Sent(List.of(messageId)) : classify(e, List.of());
        } catch (TelegramApiException e) {
            return new Delivery.RetryLater(null, e.getMessage());
        }
    }

    private SendMessage textMessage(long chatId, Integer thread, String text, boolean html, ReplyKeyboard markup) {
        SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder()
                .chatId(agencyChat.toTelegram(chatId))
                .messageThreadId(thread)
                .text(text)
                .disableWebPagePreview(true);
        if (html) {
            send.parseMode("HTML");
        }
        if (markup != null) {
            send.replyMarkup(markup);
        }
        return new SendMessageForItsId(send);
    }

    private static boolean describes(TelegramApiRequestException e, String words) {
        String description = e.getApiResponse() == null ? e.getMessage() : e.getApiResponse();
        return description != null && description.toLowerCase(java.util.Locale.ROOT).contains(words);
    }

    /**
     * 429 waits for Telegram's retry_after; a group that moved, or that the bot may not write to, is told
     * apart (the sender decides what that means for the chat); other 400s and 403s (bot blocked, bad request)
     * are final; everything else, a 5xx or a dropped connection, is worth another try.
     */
    static Delivery classify(TelegramApiRequestException e, List<Long> alreadySent) {
        int code = e.getErrorCode() == null ? 0 : e.getErrorCode();
        if (code == 429) {
            Integer after = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
            return new Delivery.RetryLater(Duration.ofSeconds(after == null ? 5 : after), e.getMessage());
        }
        if (code != 400 && code != 403) {
            return new Delivery.RetryLater(null, e.getMessage());
        }
        if (!alreadySent.isEmpty()) {
            // Pieces already delivered stay delivered; re-sending them would show them twice.
            return new Delivery.Sent(alreadySent);
        }
        String error = e.getApiResponse() == null ? e.getMessage() : "[" + code + "] " + e.getApiResponse();
        Long movedTo = e.getParameters() == null ? null : e.getParameters().getMigrateToChatId();
        if (movedTo != null) {
            return new Delivery.ChatMoved(movedTo, error);
        }
        if (describes(e, "chat not found")) {
            return new Delivery.ChatUnavailable(Delivery.Unavailable.MISSING, error);
        }
        if (describes(e, "bot was kicked") || describes(e, "bot is not a member")) {
            return new Delivery.ChatUnavailable(Delivery.Unavailable.KICKED, error);
        }
        if (describes(e, "not enough rights") || describes(e, "have no rights") || describes(e, "chat_write_forbidden")) {
            return new Delivery.ChatUnavailable(Delivery.Unavailable.NO_RIGHTS, error);
        }
        return new Delivery.Rejected(error);
    }

    private static ReplyKeyboard markup(Keyboard keyboard) {
        if (keyboard instanceof Keyboard.Buttons buttons) {
            List<InlineKeyboardRow> rows = new ArrayList<>();
            for (List<Button> row : buttons.rows()) {
                rows.add(new InlineKeyboardRow(row.stream()
                        .map(b -> InlineKeyboardButton.builder().text(b.label()).callbackData(b.id()).build())
                        .toList()));
            }
            return InlineKeyboardMarkup.builder().keyboard(rows).build();
        }
        if (keyboard instanceof Keyboard.ShareContact contact) {
            return ReplyKeyboardMarkup.builder()
                    .keyboard(List.of(new KeyboardRow(KeyboardButton.builder().text(contact.label()).requestContact(true).build())))
                    .resizeKeyboard(true).oneTimeKeyboard(true).build();
        }
        if (keyboard instanceof Keyboard.Remove) {
            return ReplyKeyboardRemove.builder().removeKeyboard(true).build();
        }
        return null;
    }

    @Override
    public void typing(long chatId) {
        try {
            client.execute(SendChatAction.builder().chatId(agencyChat.toTelegram(chatId)).action("typing").build());
        } catch (TelegramApiException e) {
            log.debug("typing indicator for chat {} failed: {}", chatId, e.getMessage());
        }
    }

    @Override
    public void answerButton(String callbackId, String text) {
        answerButton(callbackId, text, false);
    }

    @Override
    public void answerButton(String callbackId, String text, boolean alert) {
        try {
            AnswerCallbackQuery.AnswerCallbackQueryBuilder<?, ?> answer = AnswerCallbackQuery.builder().callbackQueryId(callbackId);
            if (text != null) {
                answer.text(text).showAlert(alert);
            }
            client.execute(answer.build());
        } catch (TelegramApiException e) {
            log.debug("answering button press {} failed: {}", callbackId, e.getMessage());
        }
    }

    @Override
    public void editButtons(long chatId, long messageId, Keyboard keyboard) {
        try {
            ReplyKeyboard markup = markup(keyboard);
            EditMessageReplyMarkup.EditMessageReplyMarkupBuilder edit = EditMessageReplyMarkup.builder()
                    .chatId(agencyChat.toTelegram(chatId)).messageId((int) messageId);
            // No markup at all removes the buttons.
            edit.replyMarkup(markup instanceof InlineKeyboardMarkup inline ? inline
                    : InlineKeyboardMarkup.builder().keyboard(List.of()).build());
            client.execute(edit.build());
        } catch (TelegramApiException e) {
            log.debug("editing the buttons of message {} in chat {} failed: {}", messageId, chatId, e.getMessage());
        }
    }

    /** Downloads a file a user sent (an admin's knowledge file), by its file id. */
    public byte[] download(String fileId) {
        try {
            org.telegram.telegrambots.meta.api.objects.File file = client.execute(
                    org.telegram.telegrambots.meta.api.methods.GetFile.builder().fileId(fileId).build());
            okhttp3.Request request = new okhttp3.Request.Builder().url(fileBaseUrl + file.getFilePath()).get().build();
            try (okhttp3.Response response = http.newCall(request).execute()) {
                // The library's own download would return an error page as if it were the file.
                if (!response.isSuccessful() || response.body() == null) {
                    throw new IllegalStateException("downloading the file failed with HTTP " + response.code());
                }
                return response.body().bytes();
            }
        } catch (TelegramApiException | java.io.IOException e) {
            throw new IllegalStateException("cannot download the file: " + e.getMessage(), e);
        }
    }

    /**
     * Sets one command menu: for every chat ({@code chatId} null: Telegram's default scope) or for one chat
     * (the agency group is named by its configured id, like every message to it), in one language ("" for
     * every other). Telegram's answer is read as a message's: a 429 waits, a refusal is final.
     */
    public Delivery setCommands(Long chatId, String languageCode, List<BotCommand> commands) {
        BotCommandScope scope = chatId == null ? new BotCommandScopeDefault()
                : BotCommandScopeChat.builder().chatId(agencyChat.toTelegram(chatId)).build();
        SetMyCommands.SetMyCommandsBuilder<?, ?> set = SetMyCommands.builder().commands(commands).scope(scope);
        if (!languageCode.isEmpty()) {
            set.languageCode(languageCode);
        }
        try {
            client.execute(set.build());
            return new Delivery.Sent(List.of());
        } catch (TelegramApiRequestException e) {
            return classify(e, List.of());
        } catch (TelegramApiException e) {
            return new Delivery.RetryLater(null, e.getMessage());
        }
    }
}
