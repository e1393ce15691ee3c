package cmoadvisor.delivery;

import cmoadvisor.conversation.Outbound;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * POSTs new leads to the agency's CRM (LEAD_WEBHOOK_URL). The lead id goes in an Idempotency-Key header
 * and in the body, so a retry after a lost response never creates a second lead there.
 */
public final class WebhookGateway {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public MessageGateway.Delivery post(Outbound.LeadWebhook call) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(call.url()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", call.idempotencyKey())
                .header("X-Event", call.event())
                .POST(HttpRequest.BodyPublishers.ofString(call.json(), StandardCharsets.UTF_8))
                .build();
        try {
            // The CRM's answer is not read: it may repeat the lead (a phone, a name), which must not reach a log
            // or the outbox's last error.
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new MessageGateway.Delivery.Sent(List.of());
            }
            String error = "HTTP " + status;
            if (status == 408 || status == 429 || status >= 500) {
                Duration after = response.headers().firstValue("Retry-After").flatMap(WebhookGateway::seconds).orElse(null);
                return new MessageGateway.Delivery.RetryLater(after, error);
            }
            return new MessageGateway.Delivery.Rejected(error);
        } catch (IOException e) {
            return new MessageGateway.Delivery.RetryLater(null, cmoadvisor.text.Urls.withoutCredentials(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MessageGateway.Delivery.RetryLater(null, "interrupted");
        }
    }

    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

}
