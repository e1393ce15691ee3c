package cmoadvisor.telegram;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendMessageForItsIdTest {
    private final SendMessageForItsId send = new SendMessageForItsId(SendMessage.builder().chatId("42").text("hi"));

    @Test
    void deserializeResponse_ofTelegramsAnswer_readsTheIdAlone() throws Exception {
        String answer = "{\"ok\":true,\"result\":{\"message_id\":1234,\"from\":{\"id\":1,\"is_bot\":true,\"first_name\":\"bot\"},"
                + "\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1700000000,\"text\":\"hi\"}}";
        assertThat(send.deserializeResponse(answer).getMessageId()).isEqualTo(1234);
    }

    @Test
    void deserializeResponse_ofAnotherLayout_isReadWhole() throws Exception {
        String answer = "{\"result\":{\"chat\":{\"id\":42,\"type\":\"private\"},\"message_id\":77,\"date\":1700000000},\"ok\":true}";
        assertThat(send.deserializeResponse(answer).getMessageId()).isEqualTo(77);
    }

    @Test
    void deserializeResponse_ofAnError_throwsAsTelegramBotsDoes() {
        String answer = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}";
        assertThatThrownBy(() -> send.deserializeResponse(answer)).isInstanceOfSatisfying(TelegramApiRequestException.class,
                e -> assertThat(e.getParameters().getRetryAfter()).isEqualTo(7));
    }

    @Test
    void idOf_whatIsNotAWholeIdAtTheHead_isNull() {
        assertThat(SendMessageForItsId.idOf("{\"ok\":true,\"result\":{\"message_id\":}")).isNull();
        assertThat(SendMessageForItsId.idOf("{\"ok\":true,\"result\":{\"message_id\":12")).isNull();
        assertThat(SendMessageForItsId.idOf("{\"ok\":true,\"result\":{\"message_id\":99999999999,\"date\":1}}")).isNull();
        assertThat(SendMessageForItsId.idOf("{\"ok\":true,\"result\":{\"message_id\":\"12\",\"date\":1}}")).isNull();
        assertThat(SendMessageForItsId.idOf(null)).isNull();
    }

    @Test
    void sentAsJson_isTheSameRequestAsTelegramBotsOwn() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(mapper.writeValueAsString(send))
                .isEqualTo(mapper.writeValueAsString(SendMessage.builder().chatId("42").text("hi").build()));
        assertThat(send).isEqualTo(SendMessage.builder().chatId("42").text("hi").build());
    }
}
