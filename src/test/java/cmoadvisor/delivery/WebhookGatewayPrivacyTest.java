package cmoadvisor.delivery;

import cmoadvisor.conversation.Outbound;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A CRM answer that repeats the lead never reaches the outbox's error or a log. */
class WebhookGatewayPrivacyTest {

    @Test
    void post_aRefusalEchoingTheLead_keepsOnlyTheStatus() throws Exception {
        HttpServer crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/hook", exchange -> {
            byte[] body = "{\"error\":\"duplicate\",\"phone\":\"+996555123456\",\"name\":\"Асель\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(422, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        crm.start();
        try {
            String url = "http://127.0.0.1:" + crm.getAddress().getPort() + "/hook";
            MessageGateway.Delivery delivery = new WebhookGateway().post(new Outbound.LeadWebhook(7, url, "{\"id\":7}"));
            assertThat(delivery).isInstanceOfSatisfying(MessageGateway.Delivery.Rejected.class,
                    rejected -> assertThat(rejected.toString()).contains("HTTP 422").doesNotContain("+996", "Асель"));
        } finally {
            crm.stop(0);
        }
    }
}
