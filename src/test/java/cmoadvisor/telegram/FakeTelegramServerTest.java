package cmoadvisor.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class FakeTelegramServerTest {

    private static final String TOKEN = "123456:TEST-token";
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** A CSV as Excel saves it: a UTF-8 byte order mark, Cyrillic, CRLF line ends, and a line that looks like a boundary. */
    private static final byte[] LEADS_CSV = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            "Имя;Телефон\r\nАйгуль;+996 700 000 000\r\n--\r\n".getBytes(StandardCharsets.UTF_8));

    private final FakeTelegramServer server = FakeTelegramServer.start(TOKEN);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---------------------------------------------------------------- envelope, routing, auth

    @Test
    void getMe_returnsBotUserInEnvelope() throws Exception {
        HttpResponse<String> response = post("getMe", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.at("/result/id").asLong()).isEqualTo(123456L);
        assertThat(body.at("/result/is_bot").asBoolean()).isTrue();
        assertThat(body.at("/result/first_name").asText()).isEqualTo("CMO Advisor");
        assertThat(body.at("/result/username").asText()).isEqualTo("cmo_advisor_bot");
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void methodNames_areMatchedCaseInsensitively() throws Exception {
        assertThat(post("GETME", "{}").statusCode()).isEqualTo(200);
        assertThat(post("sendmessage", "{\"chat_id\":1,\"text\":\"hi\"}").statusCode()).isEqualTo(200);

        assertThat(server.requests()).extracting(FakeTelegramServer.Request::method)
                .containsExactly("getme", "sendmessage");
        assertThat(server.requests("SendMessage")).hasSize(1);
    }

    @Test
    void wrongToken_isUnauthorized() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/bot1:other/getMe"))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()))
                .isEqualTo(json.readTree("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}"));
    }

    @Test
    void unknownMethod_isNotFound() throws Exception {
        HttpResponse<String> response = post("sendVenue", "{\"chat_id\":1}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()))
                .isEqualTo(json.readTree("{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}"));
    }

    // ---------------------------------------------------------------- sendMessage validation

    @Test
    void sendMessage_withValidHtml_returnsMessageWithPlainText() throws Exception {
        HttpResponse<String> response = post("sendMessage",
                "{\"chat_id\":\"42\",\"parse_mode\":\"html\",\"text\":\"<b>Price</b> &amp; <a href=\\\"https://x.kg/?a=1&amp;b=2\\\">terms</a> &#8212; &lt;3\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = json.readTree(response.body()).get("result");
        assertThat(message.get("message_id").asLong()).isEqualTo(1);
        assertThat(message.get("text").asText()).isEqualTo("Price & terms \u2014 <3");
        assertThat(message.at("/chat/id").asLong()).isEqualTo(42);
        assertThat(message.at("/chat/type").asText()).isEqualTo("private");
        assertThat(message.at("/from/username").asText()).isEqualTo("cmo_advisor_bot");
        assertThat(server.sentMessages(42)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<b>unclosed",
            "1 < 2",
            "<foo>unknown tag</foo>",
            "<b><i>crossed</b></i>",
            "closed twice</b>",
            "Tom & Jerry",
            "&nbsp;",
            "<span>no class</span>",
            "<a href=\"https://x.kg\">unterminated"})
    void sendMessage_withMalformedHtml_cannotParseEntities(String text) throws Exception {
        HttpResponse<String> response = post("sendMessage",
                json.createObjectNode().put("chat_id", 42).put("parse_mode", "HTML").put("text", text).toString());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("error_code").asInt()).isEqualTo(400);
        assertThat(body.get("description").asText()).startsWith("Bad Request: can't parse entities: ");
        assertThat(server.sentMessages(42)).isEmpty();
    }

    @Test
    void sendMessage_without_parseMode_takesMarkupLiterally() throws Exception {
        HttpResponse<String> response = post("sendMessage", "{\"chat_id\":42,\"text\":\"1 < 2 & <b>\"}");

        assertThat(json.readTree(response.body()).at("/result/text").asText()).isEqualTo("1 < 2 & <b>");
    }

    @Test
    void sendMessage_with4097Characters_isTooLong() throws Exception {
        HttpResponse<String> tooLong = post("sendMessage",
                json.createObjectNode().put("chat_id", 42).put("text", "a".repeat(4097)).toString());
        // The limit counts the text after parsing, so markup around 4096 characters is fine.
        HttpResponse<String> atLimit = post("sendMessage", json.createObjectNode().put("chat_id", 42)
                .put("parse_mode", "HTML").put("text", "<b>" + "&amp;".repeat(4096) + "</b>").toString());

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooLong.body()).get("description").asText())
                .isEqualTo("Bad Request: message is too long");
        assertThat(atLimit.statusCode()).isEqualTo(200);
    }

    @Test
    void sendMessage_withBlankText_isEmpty() throws Exception {
        HttpResponse<String> response = post("sendMessage", "{\"chat_id\":42,\"parse_mode\":\"HTML\",\"text\":\"<b> </b>\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("description").asText())
                .isEqualTo("Bad Request: message text is empty");
    }

    @Test
    void sendMessage_withCallbackDataOver64Bytes_isButtonDataInvalid() throws Exception {
        HttpResponse<String> tooLong = post("sendMessage", withButton("x".repeat(65)));
        // 32 Cyrillic letters are 64 bytes in UTF-8: the limit is bytes, not characters.
        HttpResponse<String> atLimit = post("sendMessage", withButton("я".repeat(32)));
        HttpResponse<String> cyrillicTooLong = post("sendMessage", withButton("я".repeat(33)));

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooLong.body()).get("description").asText())
                .isEqualTo("Bad Request: BUTTON_DATA_INVALID");
        assertThat(atLimit.statusCode()).isEqualTo(200);
        assertThat(json.readTree(atLimit.body()).at("/result/reply_markup/inline_keyboard/0/0/callback_data").asText())
                .isEqualTo("я".repeat(32));
        assertThat(cyrillicTooLong.statusCode()).isEqualTo(400);
    }

    @Test
    void formEncodedRequest_withReplyMarkupAsJsonString_isNormalised() throws Exception {
        String markup = "{\"inline_keyboard\":[[{\"text\":\"Цены\",\"callback_data\":\"topic:prices\"}]]}";
        String form = "chat_id=-100500&text=" + URLEncoder.encode("Ответ & <цены>", StandardCharsets.UTF_8)
                + "&reply_markup=" + URLEncoder.encode(markup, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(request("sendMessage")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = json.readTree(response.body()).get("result");
        assertThat(message.at("/chat/type").asText()).isEqualTo("supergroup");
        assertThat(message.get("text").asText()).isEqualTo("Ответ & <цены>");
        FakeTelegramServer.Request recorded = server.requests("sendMessage").get(0);
        assertThat(recorded.params().get("chat_id").isIntegralNumber()).isTrue();
        assertThat(recorded.params().at("/reply_markup/inline_keyboard/0/0/callback_data").asText())
                .isEqualTo("topic:prices");
    }

    @Test
    void queryStringParameters_areAccepted() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/bot" + TOKEN + "/sendChatAction?chat_id=7&action=typing")).GET());
        HttpResponse<String> wrongAction = send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/bot" + TOKEN + "/sendChatAction?chat_id=7&action=dancing")).GET());

        assertThat(json.readTree(response.body()).get("result").asBoolean()).isTrue();
        assertThat(wrongAction.statusCode()).isEqualTo(400);
    }

    @Test
    void answerCallbackQuery_withoutId_isBadRequest() throws Exception {
        assertThat(post("answerCallbackQuery", "{}").statusCode()).isEqualTo(400);
        assertThat(post("answerCallbackQuery", "{\"callback_query_id\":\"9\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void editMessageText_keepsMessageIdAndValidatesHtml() throws Exception {
        HttpResponse<String> edited = post("editMessageText",
                "{\"chat_id\":42,\"message_id\":7,\"parse_mode\":\"HTML\",\"text\":\"<i>new</i>\"}");
        HttpResponse<String> broken = post("editMessageText",
                "{\"chat_id\":42,\"message_id\":7,\"parse_mode\":\"HTML\",\"text\":\"<i>new\"}");
        HttpResponse<String> noTarget = post("editMessageReplyMarkup", "{\"chat_id\":42}");

        assertThat(json.readTree(edited.body()).at("/result/message_id").asLong()).isEqualTo(7);
        assertThat(json.readTree(edited.body()).at("/result/text").asText()).isEqualTo("new");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(noTarget.statusCode()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- getUpdates

    @Test
    void getUpdates_withOffset_confirmsEarlierUpdates() throws Exception {
        long first = server.userText(1, "one");
        long second = server.userText(1, "two");
        long third = server.userText(1, "three");
        assertThat(List.of(first, second, third)).containsExactly(1L, 2L, 3L);

        JsonNode all = json.readTree(post("getUpdates", "{}").body()).get("result");
        JsonNode limited = json.readTree(post("getUpdates", "{\"offset\":2,\"limit\":1}").body()).get("result");

        assertThat(all).hasSize(3);
        assertThat(all.get(0).at("/message/text").asText()).isEqualTo("one");
        assertThat(limited).hasSize(1);
        assertThat(limited.get(0).get("update_id").asLong()).isEqualTo(2);
        assertThat(server.confirmedOffset()).isEqualTo(2);
        assertThat(server.pendingUpdates()).isEqualTo(2);
        JsonNode afterConfirm = json.readTree(post("getUpdates", "{\"offset\":0}").body()).get("result");
        assertThat(afterConfirm).extracting(u -> u.get("update_id").asLong()).containsExactly(2L, 3L);
    }

    @Test
    void getUpdates_heldLongPoll_returnsWhenUpdateIsEnqueued() throws Exception {
        server.fastPolling(false);
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                jsonRequest("getUpdates", "{\"offset\":1,\"timeout\":30}"), HttpResponse.BodyHandlers.ofString());
        server.awaitPolling(WAIT);
        assertThat(poll).isNotDone();

        long id = server.userText(5, "/start");

        JsonNode updates = json.readTree(poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).body()).get("result");
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).get("update_id").asLong()).isEqualTo(id);
        assertThat(updates.get(0).at("/message/entities/0/type").asText()).isEqualTo("bot_command");
    }

    @Test
    void getUpdates_newerPoll_endsHeldOneWithConflict() throws Exception {
        server.fastPolling(false);
        CompletableFuture<HttpResponse<String>> older = http.sendAsync(
                jsonRequest("getUpdates", "{\"timeout\":30}"), HttpResponse.BodyHandlers.ofString());
        server.awaitPolling(WAIT);

        HttpResponse<String> newer = post("getUpdates", "{\"timeout\":0}");

        assertThat(older.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).statusCode()).isEqualTo(409);
        assertThat(newer.statusCode()).isEqualTo(200);
    }

    @Test
    void close_releasesHeldLongPoll() throws Exception {
        server.fastPolling(false);
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                jsonRequest("getUpdates", "{\"timeout\":30}"), HttpResponse.BodyHandlers.ofString());
        server.awaitPolling(WAIT);

        server.close();

        assertThat(poll).succeedsWithin(WAIT).satisfies(r -> assertThat(r.body()).contains("\"result\":[]"));
    }

    // ---------------------------------------------------------------- scripted failures and waiting

    @Test
    void failNext_withRetryAfter_failsOnceWithParameters() throws Exception {
        server.failNext("sendMessage", 429, "Too Many Requests: retry after 3", 3);

        HttpResponse<String> failed = post("sendMessage", "{\"chat_id\":42,\"text\":\"hi\"}");
        HttpResponse<String> retried = post("sendMessage", "{\"chat_id\":42,\"text\":\"hi\"}");

        assertThat(failed.statusCode()).isEqualTo(429);
        assertThat(json.readTree(failed.body())).isEqualTo(json.readTree("{\"ok\":false,\"error_code\":429,"
                + "\"description\":\"Too Many Requests: retry after 3\",\"parameters\":{\"retry_after\":3}}"));
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(server.sentMessages(42)).hasSize(1);
    }

    @Test
    void failNext_times_failsThatManyCalls() throws Exception {
        server.failNext("getMe", 2, 500, "Internal Server Error", null);

        assertThat(List.of(post("getMe", "{}").statusCode(), post("getMe", "{}").statusCode(),
                post("getMe", "{}").statusCode())).containsExactly(500, 500, 200);
    }

    @Test
    void setUnavailable_answers502WithoutJson() throws Exception {
        server.setUnavailable(true);
        HttpResponse<String> down = post("getMe", "{}");
        server.setUnavailable(false);
        HttpResponse<String> up = post("getMe", "{}");

        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.body()).doesNotStartWith("{");
        assertThat(up.statusCode()).isEqualTo(200);
    }

    @Test
    void awaitMessageTo_findsMessageSentFromAnotherThread() {
        CompletableFuture<Void> bot = CompletableFuture.runAsync(() -> {
            post("sendMessage", "{\"chat_id\":8,\"text\":\"other chat\"}");
            post("sendMessage", "{\"chat_id\":7,\"parse_mode\":\"HTML\",\"text\":\"<b>Retainer</b> &amp; hourly\"}");
        });

        FakeTelegramServer.Request found = server.awaitMessageTo(7, "Retainer & hourly", WAIT);

        assertThat(found.chatId()).isEqualTo(7);
        assertThat(bot).succeedsWithin(WAIT);
        assertThat(server.awaitRequests("sendMessage", 2, WAIT)).hasSize(2);
    }

    @Test
    void awaitMessageTo_whenNothingMatches_listsRecordedRequests() throws Exception {
        post("sendMessage", "{\"chat_id\":7,\"text\":\"hello\"}");

        assertThatThrownBy(() -> server.awaitMessageTo(7, "goodbye", Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("goodbye")
                .hasMessageContaining("200 sendmessage");
    }

    // ---------------------------------------------------------------- the real TelegramBots client

    @Test
    void okHttpTelegramClient_sendMessage_returnsMessage() throws Exception {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), TOKEN,
                new TelegramUrl("http", "127.0.0.1", server.port(), false));

        Message sent = client.execute(SendMessage.builder().chatId(42L).text("<b>hi</b>").parseMode("HTML").build());

        assertThat(sent.getMessageId()).isEqualTo(1);
        assertThat(sent.getText()).isEqualTo("hi");
        assertThat(sent.getChatId()).isEqualTo(42L);
        assertThat(server.sentMessages(42)).singleElement()
                .satisfies(params -> assertThat(params.get("text").asText()).isEqualTo("<b>hi</b>"));
    }

    @Test
    void okHttpTelegramClient_failNext429_throwsRequestExceptionWithRetryAfter() {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl());
        server.failNext("sendMessage", 429, "Too Many Requests: retry after 7", 7);

        assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(42L).text("hi").build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(429);
                    assertThat(e.getParameters().getRetryAfter()).isEqualTo(7);
                });
    }

    @Test
    void okHttpTelegramClient_getUpdates_deserialisesScriptedUpdates() throws Exception {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl());
        server.userText(5, "/start");
        server.userContact(5, "+996700000000");
        server.callback(5, 5, 3, "topic:prices");
        server.groupReply(-1001, 6, "alice", 4, "what about retainer?");

        List<Update> updates = client.execute(GetUpdates.builder().offset(0).timeout(0).build());

        assertThat(updates).hasSize(4);
        // Message.isCommand() in TelegramBots 10.2.0 is false until getEntities() has computed the entities' text.
        assertThat(updates.get(0).getMessage().getEntities()).singleElement().satisfies(entity -> {
            assertThat(entity.getType()).isEqualTo("bot_command");
            assertThat(entity.getText()).isEqualTo("/start");
        });
        assertThat(updates.get(0).getMessage().getFrom().getUserName()).isEqualTo("user5");
        assertThat(updates.get(1).getMessage().getContact().getUserId()).isEqualTo(5L);
        assertThat(updates.get(2).getCallbackQuery().getData()).isEqualTo("topic:prices");
        assertThat(updates.get(2).getCallbackQuery().getMessage().getMessageId()).isEqualTo(3);
        Message reply = updates.get(3).getMessage();
        assertThat(reply.isSuperGroupMessage()).isTrue();
        assertThat(reply.getReplyToMessage().getFrom().getId()).isEqualTo(server.botId());
        assertThat(reply.getReplyToMessage().getMessageId()).isEqualTo(4);
    }

    @Test
    void longPollingApplication_receivesUpdatesAndConfirmsThem() throws Exception {
        BlockingQueue<Update> received = new LinkedBlockingQueue<>();
        try (TelegramBotsLongPollingApplication application = new TelegramBotsLongPollingApplication()) {
            application.registerBot(TOKEN, server::telegramUrl, new DefaultGetUpdatesGenerator(), received::addAll);
            server.awaitPolling(WAIT);

            long first = server.userText(9, "salam");
            Update firstUpdate = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            long second = server.userText(9, "/help");
            Update secondUpdate = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(firstUpdate).isNotNull();
            assertThat(firstUpdate.getMessage().getText()).isEqualTo("salam");
            assertThat(secondUpdate).isNotNull();
            assertThat(secondUpdate.getUpdateId()).isEqualTo((int) second);
            // The call that fetched the second update confirmed the first.
            server.awaitRequest("getUpdates", r -> r.params().path("offset").asLong() == first + 1, WAIT);
            assertThat(server.confirmedOffset()).isGreaterThan(first);
            assertThat(server.requests("deleteWebhook")).isNotEmpty();
        } finally {
            // Answers the poller's held call, which closing the application does not cancel.
            server.close();
        }
    }

    // ---------------------------------------------------------------- documents and files

    @Test
    void okHttpTelegramClient_sendDocument_uploadsMultipartFile() throws Exception {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl());

        Message sent = client.execute(SendDocument.builder().chatId(42L)
                .document(new InputFile(new ByteArrayInputStream(LEADS_CSV), "leads.csv"))
                .caption("<b>Leads</b>").parseMode("HTML").build());

        assertThat(sent.getChatId()).isEqualTo(42L);
        assertThat(sent.getCaption()).isEqualTo("Leads");
        assertThat(sent.getText()).isNull();
        assertThat(sent.getDocument().getFileName()).isEqualTo("leads.csv");
        assertThat(sent.getDocument().getFileSize()).isEqualTo(LEADS_CSV.length);
        FakeTelegramServer.Request recorded = server.awaitDocumentTo(42, WAIT);
        assertThat(recorded.caption()).isEqualTo("<b>Leads</b>");
        assertThat(recorded.params().get("chat_id").isIntegralNumber()).isTrue();
        assertThat(recorded.files()).singleElement().isSameAs(recorded.uploadedDocument());
        assertThat(recorded.uploadedDocument().fileName()).isEqualTo("leads.csv");
        assertThat(recorded.uploadedDocument().content()).containsExactly(LEADS_CSV);
        assertThat(server.sentDocuments(42)).containsExactly(recorded);
        assertThat(server.sentMessages(42)).isEmpty();
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void okHttpTelegramClient_sendPhoto_uploadsAPicture_andAnswersWithItsSize() throws Exception {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl());
        byte[] picture = png(300, 200);

        Message sent = client.execute(SendPhoto.builder().chatId(42L)
                .photo(new InputFile(new ByteArrayInputStream(picture), "stats.png")).caption("<b>Stats</b>").parseMode("HTML").build());

        assertThat(sent.getCaption()).isEqualTo("Stats");
        assertThat(sent.getPhoto()).singleElement().satisfies(size -> {
            assertThat(size.getWidth()).isEqualTo(300);
            assertThat(size.getHeight()).isEqualTo(200);
            assertThat(size.getFileSize()).isEqualTo(picture.length);
        });
        FakeTelegramServer.Request recorded = server.awaitPhotoTo(42, WAIT);
        assertThat(recorded.uploadedPhoto().fileName()).isEqualTo("stats.png");
        assertThat(recorded.uploadedPhoto().content()).containsExactly(picture);
        assertThat(server.sentDocuments(42)).isEmpty();
    }

    @Test
    void sendPhoto_ofSomethingThatIsNoPicture_orTooLong_isRefusedAsTelegramRefusesIt() throws Exception {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl());
        byte[] tooLong = png(2100, 100);

        assertThatThrownBy(() -> client.execute(SendPhoto.builder().chatId(42L)
                .photo(new InputFile(new ByteArrayInputStream(LEADS_CSV), "leads.png")).build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(400);
                    assertThat(e.getApiResponse()).contains("IMAGE_PROCESS_FAILED");
                });
        assertThatThrownBy(() -> client.execute(SendPhoto.builder().chatId(42L)
                .photo(new InputFile(new ByteArrayInputStream(tooLong), "strip.png")).build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class,
                        e -> assertThat(e.getApiResponse()).contains("PHOTO_INVALID_DIMENSIONS"));
    }

    @Test
    void okHttpTelegramClient_getFileAndDownload_returnsRegisteredBytes() throws Exception {
        String fileId = server.addFile("прайс лист.md", LEADS_CSV);
        // The client downloads from api.telegram.org whatever its TelegramUrl says; the redirect brings it here.
        OkHttpTelegramClient client = new OkHttpTelegramClient(
                new OkHttpClient.Builder().addInterceptor(server.fileDownloadRedirect()).build(),
                TOKEN, server.telegramUrl());

        File file = client.execute(GetFile.builder().fileId(fileId).build());
        byte[] downloaded;
        try (InputStream stream = client.downloadFileAsStream(file)) {
            downloaded = stream.readAllBytes();
        }

        assertThat(file.getFileId()).isEqualTo(fileId);
        assertThat(file.getFileSize()).isEqualTo(LEADS_CSV.length);
        assertThat(file.getFilePath()).isEqualTo("documents/" + fileId + "/прайс лист.md");
        assertThat(file.getFileUrl(TOKEN)).startsWith("https://api.telegram.org/file/bot" + TOKEN + "/");
        assertThat(downloaded).containsExactly(LEADS_CSV);
        assertThat(server.requests("file")).singleElement().satisfies(download -> {
            assertThat(download.ok()).isTrue();
            assertThat(download.params().get("file_path").asText()).isEqualTo(file.getFilePath());
        });
    }

    @Test
    void sendDocument_upload_canBeSentAgainByFileIdAndDownloaded() throws Exception {
        OkHttpTelegramClient client = new OkHttpTelegramClient(
                new OkHttpClient.Builder().addInterceptor(server.fileDownloadRedirect()).build(),
                TOKEN, server.telegramUrl());
        Document uploaded = client.execute(SendDocument.builder().chatId(42L)
                .document(new InputFile(new ByteArrayInputStream(LEADS_CSV), "leads.csv")).build()).getDocument();

        Message again = client.execute(SendDocument.builder().chatId(43L)
                .document(new InputFile(uploaded.getFileId())).build());
        File file = client.execute(GetFile.builder().fileId(uploaded.getFileId()).build());

        assertThat(again.getDocument().getFileId()).isEqualTo(uploaded.getFileId());
        assertThat(again.getCaption()).isNull();
        assertThat(server.awaitDocumentTo(43, WAIT).uploadedDocument()).isNull();
        assertThat(client.downloadFileAsStream(file)).hasBinaryContent(LEADS_CSV);
    }

    @Test
    void userDocument_isDeserialisedByTelegramBots() throws Exception {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl());
        long id = server.userDocument(5, "brief.yaml", LEADS_CSV);
        server.userDocument(5, "notes.md", new byte[] {1});
        server.userDocument(5, "leads.csv", new byte[] {1});

        List<Update> updates = client.execute(GetUpdates.builder().offset(0).timeout(0).build());

        assertThat(updates.get(0).getUpdateId()).isEqualTo((int) id);
        Message message = updates.get(0).getMessage();
        assertThat(message.getFrom().getId()).isEqualTo(5L);
        assertThat(message.getChat().isUserChat()).isTrue();
        assertThat(message.getCaption()).isNull();
        assertThat(message.getDocument().getFileName()).isEqualTo("brief.yaml");
        assertThat(message.getDocument().getFileSize()).isEqualTo(LEADS_CSV.length);
        assertThat(updates).extracting(u -> u.getMessage().getDocument().getMimeType())
                .containsExactly("application/x-yaml", "text/markdown", "text/plain");
        File file = client.execute(GetFile.builder().fileId(message.getDocument().getFileId()).build());
        assertThat(file.getFilePath()).endsWith("/brief.yaml");
    }

    @Test
    void getFile_withUnknownId_isInvalidFileId() throws Exception {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl());

        HttpResponse<String> unknown = post("getFile", "{\"file_id\":\"no-such-file\"}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).get("description").asText()).isEqualTo("Bad Request: invalid file_id");
        assertThatThrownBy(() -> client.execute(GetFile.builder().fileId("no-such-file").build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(400));
    }

    @Test
    void fileDownload_needsTokenAndKnownPath() throws Exception {
        String fileId = server.addFile("a.txt", LEADS_CSV);
        String filePath = json.readTree(post("getFile", "{\"file_id\":\"" + fileId + "\"}").body())
                .at("/result/file_path").asText();

        HttpResponse<byte[]> ok = download("/file/bot" + TOKEN + "/" + filePath);
        HttpResponse<byte[]> unknown = download("/file/bot" + TOKEN + "/documents/" + fileId + "/b.txt");
        HttpResponse<byte[]> wrongToken = download("/file/bot1:other/" + filePath);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(ok.body()).containsExactly(LEADS_CSV);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(server.requests("file")).extracting(FakeTelegramServer.Request::status).containsExactly(200, 404, 401);
    }

    @Test
    void sendDocument_validatesDocumentAndCaption() throws Exception {
        String fileId = server.addFile("leads.csv", LEADS_CSV);

        HttpResponse<String> byFileId = post("sendDocument", "{\"chat_id\":42,\"document\":\"" + fileId + "\"}");
        HttpResponse<String> unknownFile = post("sendDocument", "{\"chat_id\":42,\"document\":\"nope\"}");
        HttpResponse<String> noDocument = post("sendDocument", "{\"chat_id\":42,\"caption\":\"hi\"}");
        HttpResponse<String> noChat = post("sendDocument", "{\"document\":\"" + fileId + "\"}");
        HttpResponse<String> badHtml = post("sendDocument", json.createObjectNode().put("chat_id", 42)
                .put("document", fileId).put("parse_mode", "HTML").put("caption", "Tom & Jerry").toString());
        HttpResponse<String> tooLong = post("sendDocument", json.createObjectNode().put("chat_id", 42)
                .put("document", fileId).put("caption", "я".repeat(1025)).toString());
        // The limit counts the caption after parsing, as for message text.
        HttpResponse<String> atLimit = post("sendDocument", json.createObjectNode().put("chat_id", 42)
                .put("document", fileId).put("parse_mode", "HTML")
                .put("caption", "<i>" + "&lt;".repeat(1024) + "</i>").toString());

        JsonNode message = json.readTree(byFileId.body()).get("result");
        assertThat(message.at("/document/file_id").asText()).isEqualTo(fileId);
        assertThat(message.at("/document/file_name").asText()).isEqualTo("leads.csv");
        assertThat(message.at("/document/mime_type").asText()).isEqualTo("text/plain");
        assertThat(message.at("/document/file_size").asInt()).isEqualTo(LEADS_CSV.length);
        assertThat(message.has("caption")).isFalse();
        assertThat(message.has("text")).isFalse();
        assertThat(List.of(unknownFile, noDocument, noChat, badHtml, tooLong))
                .extracting(r -> json.readTree(r.body()).get("description").asText())
                .containsExactly("Bad Request: wrong file identifier/HTTP URL specified",
                        "Bad Request: there is no document in the request",
                        "Bad Request: chat_id is empty",
                        "Bad Request: can't parse entities: Unescaped \"&\" at byte offset 4; write &amp;",
                        "Bad Request: message caption is too long");
        assertThat(json.readTree(atLimit.body()).at("/result/caption").asText()).isEqualTo("<".repeat(1024));
        assertThat(server.sentDocuments(42)).hasSize(2);
        assertThatThrownBy(() -> server.awaitDocumentTo(7, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no document to chat 7");
    }

    @Test
    void multipartRequest_withFilePartNamedDocument_isParsed() throws Exception {
        String boundary = "b0undary";
        String markup = "{\"inline_keyboard\":[[{\"text\":\"Ещё\",\"callback_data\":\"more\"}]]}";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"chat_id\"\r\n\r\n-100500\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"reply_markup\"\r\n\r\n" + markup + "\r\n"
                + "--" + boundary + "\r\n"
                // Quotes in file names are sent as %22, as browsers and OkHttp do.
                + "Content-Disposition: form-data; name=\"document\"; filename=\"лиды %22май%22.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(LEADS_CSV);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = send(request("sendDocument")
                .header("Content-Type", "multipart/form-data; boundary=\"" + boundary + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = json.readTree(response.body()).get("result");
        assertThat(message.at("/document/file_name").asText()).isEqualTo("лиды \"май\".csv");
        assertThat(message.at("/reply_markup/inline_keyboard/0/0/callback_data").asText()).isEqualTo("more");
        FakeTelegramServer.Request recorded = server.awaitDocumentTo(-100500, WAIT);
        assertThat(recorded.params().get("chat_id").isIntegralNumber()).isTrue();
        assertThat(recorded.params().at("/reply_markup/inline_keyboard/0/0/text").asText()).isEqualTo("Ещё");
        assertThat(recorded.params().has("document")).isFalse();
        assertThat(recorded.files()).singleElement().satisfies(file -> {
            assertThat(file.field()).isEqualTo("document");
            assertThat(file.contentType()).isEqualTo("text/csv");
            assertThat(file.content()).containsExactly(LEADS_CSV);
        });
    }

    @Test
    void requestsWithoutFiles_recordEmptyFileList() throws Exception {
        post("sendMessage", "{\"chat_id\":1,\"text\":\"hi\"}");

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.files()).isEmpty();
            assertThat(r.uploadedDocument()).isNull();
        });
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }

    private HttpResponse<byte[]> download(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(WAIT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError("download from the fake server failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String withButton(String callbackData) {
        var body = json.createObjectNode().put("chat_id", 42).put("text", "pick");
        body.putObject("reply_markup").putArray("inline_keyboard").addArray().addObject()
                .put("text", "Prices").put("callback_data", callbackData);
        return body.toString();
    }

    private HttpRequest.Builder request(String method) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/bot" + TOKEN + "/" + method));
    }

    private HttpRequest jsonRequest(String method, String body) {
        return request(method).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> post(String method, String body) {
        return send(request(method).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to the fake server failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
