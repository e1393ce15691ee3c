package cmoadvisor.telegram;

import cmoadvisor.conversation.Outbound;
import cmoadvisor.delivery.AgencyChat;
import cmoadvisor.delivery.MessageGateway.Delivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeChat;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeDefault;
import org.telegram.telegrambots.meta.api.objects.ApiResponse;
import org.telegram.telegrambots.meta.api.objects.ResponseParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** How the gateway reads Telegram's refusals, and what it sends when the formatting is refused. */
class TelegramGatewayTest {
    private final TelegramClient client = mock(TelegramClient.class);
    private final TelegramGateway gateway = new TelegramGateway(client, new okhttp3.OkHttpClient(),
            new TelegramUrl("http", "127.0.0.1", 1, false), "1:token", AgencyChat.none());

    private static TelegramApiRequestException refusal(int code, String description, Long migrateTo) {
        return new TelegramApiRequestException("refused", ApiResponse.builder().ok(false).errorCode(code)
                .errorDescription(description).parameters(migrateTo == null ? null : new ResponseParameters(migrateTo, null))
                .build());
    }

    private static Message sent(int id) {
        Message message = new Message();
        message.setMessageId(id);
        return message;
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "400 | Bad Request: chat not found | MISSING",
            "403 | Forbidden: bot was kicked from the supergroup chat | KICKED",
            "403 | Forbidden: bot is not a member of the group chat | KICKED",
            "400 | Bad Request: not enough rights to send text messages to the chat | NO_RIGHTS",
            "403 | Forbidden: CHAT_WRITE_FORBIDDEN | NO_RIGHTS",
    })
    void classify_aGroupThatRefusesTheBot_isUnavailable_notFinal(int code, String description, String why) {
        assertThat(TelegramGateway.classify(refusal(code, description, null), List.of()))
                .isEqualTo(new Delivery.ChatUnavailable(Delivery.Unavailable.valueOf(why), "[" + code + "] " + description));
    }

    @Test
    void classify_aMigratedGroup_namesItsNewId() {
        assertThat(TelegramGateway.classify(refusal(400, "Bad Request: group chat was upgraded to a supergroup chat", -100987L), List.of()))
                .isInstanceOfSatisfying(Delivery.ChatMoved.class, moved -> assertThat(moved.newChatId()).isEqualTo(-100987L));
    }

    @Test
    void classify_aBlockedBot_isFinal_aServerError_isRetried() {
        assertThat(TelegramGateway.classify(refusal(403, "Forbidden: bot was blocked by the user", null), List.of()))
                .isInstanceOf(Delivery.Rejected.class);
        assertThat(TelegramGateway.classify(refusal(502, "Bad Gateway", null), List.of()))
                .isInstanceOf(Delivery.RetryLater.class);
    }

    @Test
    void send_aPhoto_uploadsItsBytes_asAPhoto() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        when(client.execute(any(SendPhoto.class))).thenReturn(sent(9));
        Delivery delivery = gateway.send(new Outbound.Photo(42, "stats.png", png, null));
        ArgumentCaptor<SendPhoto> call = ArgumentCaptor.forClass(SendPhoto.class);
        verify(client).execute(call.capture());
        assertThat(call.getValue().getChatId()).isEqualTo("42");
        assertThat(call.getValue().getPhoto().getMediaName()).isEqualTo("stats.png");
        assertThat(call.getValue().getPhoto().getNewMediaStream()).hasBinaryContent(png);
        assertThat(call.getValue().getCaption()).isNull();
        assertThat(delivery).isEqualTo(new Delivery.Sent(List.of(9L)));
    }

    @Test
    void send_aPhotoTelegramCannotRead_isFinal() throws Exception {
        when(client.execute(any(SendPhoto.class))).thenThrow(refusal(400, "Bad Request: IMAGE_PROCESS_FAILED", null));
        assertThat(gateway.send(new Outbound.Photo(42, "stats.png", new byte[] {1}, null))).isInstanceOf(Delivery.Rejected.class);
    }

    @Test
    void send_whenTelegramRefusesTheFormatting_sendsPlainTextOnce_andSaysWhy() throws Exception {
        when(client.execute(any(SendMessage.class)))
                .thenThrow(refusal(400, "Bad Request: can't parse entities: Unsupported start tag \"br\"", null))
                .thenReturn(sent(7));
        Delivery delivery = gateway.send(new Outbound.Message(501, "<b>Ретейнер</b> &amp; часы"));
        ArgumentCaptor<SendMessage> calls = ArgumentCaptor.forClass(SendMessage.class);
        verify(client, times(2)).execute(calls.capture());
        assertThat(calls.getAllValues().get(0).getParseMode()).isEqualTo("HTML");
        assertThat(calls.getAllValues().get(1).getParseMode()).isNull();
        assertThat(calls.getAllValues().get(1).getText()).isEqualTo("Ретейнер & часы");
        assertThat(delivery).isInstanceOfSatisfying(Delivery.Sent.class, s -> {
            assertThat(s.messageIds()).containsExactly(7L);
            assertThat(s.formattingProblem()).contains("can't parse entities");
        });
    }

    @Test
    void send_htmlThatTelegramWouldRefuse_goesOutAsPlainText_withoutTryingIt() throws Exception {
        when(client.execute(any(SendMessage.class))).thenReturn(sent(8));
        Delivery delivery = gateway.send(new Outbound.Message(501, "<b>unclosed"));
        ArgumentCaptor<SendMessage> call = ArgumentCaptor.forClass(SendMessage.class);
        verify(client).execute(call.capture());
        assertThat(call.getValue().getParseMode()).isNull();
        assertThat(((Delivery.Sent) delivery).formattingProblem()).isNotBlank();
    }

    @Test
    void setCommands_namesTheScope_andReadsARateLimitAsWaiting() throws Exception {
        when(client.execute(any(SetMyCommands.class))).thenReturn(true)
                .thenThrow(new TelegramApiRequestException("refused", ApiResponse.builder().ok(false).errorCode(429)
                        .errorDescription("Too Many Requests: retry after 3").parameters(new ResponseParameters(null, 3)).build()));
        List<BotCommand> help = List.of(new BotCommand("help", "How to work with leads"));

        assertThat(gateway.setCommands(-100123L, "", help)).isInstanceOf(Delivery.Sent.class);
        assertThat(gateway.setCommands(null, "ru", help)).isEqualTo(new Delivery.RetryLater(java.time.Duration.ofSeconds(3),
                "refused: [429] Too Many Requests: retry after 3"));

        ArgumentCaptor<SetMyCommands> calls = ArgumentCaptor.forClass(SetMyCommands.class);
        verify(client, times(2)).execute(calls.capture());
        assertThat(calls.getAllValues().get(0).getScope()).isEqualTo(BotCommandScopeChat.builder().chatId(-100123L).build());
        assertThat(calls.getAllValues().get(0).getLanguageCode()).isNull();
        assertThat(calls.getAllValues().get(1).getScope()).isEqualTo(new BotCommandScopeDefault());
        assertThat(calls.getAllValues().get(1).getLanguageCode()).isEqualTo("ru");
    }

    @Test
    void send_aLongMessageLimitedAfterItsFirstPiece_sendsOnlyTheRestWhenTriedAgain() throws Exception {
        String first = "а".repeat(4000);
        String second = "б".repeat(100);
        Outbound.Message message = new Outbound.Message(501, first + "\n\n" + second);
        TelegramApiRequestException limited = new TelegramApiRequestException("limited", ApiResponse.builder().ok(false)
                .errorCode(429).errorDescription("Too Many Requests: retry after 3").parameters(new ResponseParameters(null, 3)).build());
        when(client.execute(any(org.telegram.telegrambots.meta.api.methods.send.SendMessage.class)))
                .thenReturn(sent(1)).thenThrow(limited).thenReturn(sent(2));

        assertThat(gateway.send(message)).isInstanceOf(Delivery.RetryLater.class);
        assertThat(gateway.send(message)).isEqualTo(new Delivery.Sent(List.of(1L, 2L)));

        org.mockito.ArgumentCaptor<org.telegram.telegrambots.meta.api.methods.send.SendMessage> calls =
                org.mockito.ArgumentCaptor.forClass(org.telegram.telegrambots.meta.api.methods.send.SendMessage.class);
        verify(client, times(3)).execute(calls.capture());
        assertThat(calls.getAllValues()).extracting(org.telegram.telegrambots.meta.api.methods.send.SendMessage::getText)
                .as("the first piece once, the second twice (refused, then sent)")
                .satisfiesExactly(t -> assertThat(t).startsWith("ааа"), t -> assertThat(t).startsWith("ббб"), t -> assertThat(t).startsWith("ббб"));
    }
}
