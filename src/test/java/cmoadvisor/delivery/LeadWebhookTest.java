package cmoadvisor.delivery;

import cmoadvisor.conversation.Outbound;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Migrations;
import cmoadvisor.storage.Outbox;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A new lead reaches the CRM through the durable outbox: retried after failures, posted once, idempotent. */
class LeadWebhookTest {
    @TempDir
    Path dir;
    private HttpServer crm;
    private Database database;
    private final List<String> keys = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final cmoadvisor.MutableClock clock = cmoadvisor.MutableClock.nearNow();

    @BeforeEach
    void start() throws IOException {
        crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/hooks/leads", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 201;
            if (status == 201) {
                keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                bodies.add(new String(body, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        crm.start();
        database = Database.open("jdbc:sqlite:" + dir.resolve("outbox.db"));
        Migrations.migrate(database);
    }

    @AfterEach
    void stop() {
        crm.stop(0);
        database.close();
    }

    @Test
    void aFailedPost_isRetriedWithBackOff_untilTheCrmTakesItOnce() {
        failuresLeft.set(2);
        String url = "http://127.0.0.1:" + crm.getAddress().getPort() + "/hooks/leads";
        database.transaction(c -> {
            new Outbox(c, new Json(), clock).enqueue(new Outbound.LeadWebhook(17, url, "{\"id\":17,\"name\":\"Асель\"}"));
            return null;
        });
        OutboxSender sender = new OutboxSender(database, new Json(), new RoutingGateway(new NoChats(), new WebhookGateway(), task -> new MessageGateway.Delivery.Rejected("no admin desk")), clock);

        assertThat(sender.deliverDue()).isZero();
        assertThat(sender.deliverDue()).as("not due before the back-off").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sender.deliverDue()).isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(sender.deliverDue()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(10));
        assertThat(sender.deliverDue()).as("delivered once").isZero();

        assertThat(keys).containsExactly("lead-17");
        assertThat(bodies).containsExactly("{\"id\":17,\"name\":\"Асель\"}");
        assertThat(unsent()).isZero();
    }

    @Test
    void aRefusedPost_isNotRetried() {
        String url = "http://127.0.0.1:" + crm.getAddress().getPort() + "/no-such-hook";
        database.transaction(c -> {
            new Outbox(c, new Json(), clock).enqueue(new Outbound.LeadWebhook(18, url, "{}"));
            return null;
        });
        OutboxSender sender = new OutboxSender(database, new Json(), new RoutingGateway(new NoChats(), new WebhookGateway(), task -> new MessageGateway.Delivery.Rejected("no admin desk")), clock);
        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(unsent()).isZero();
        assertThat(keys).isEmpty();
    }

    @Test
    void backOff_doublesFromOneSecond_toFiveMinutes() {
        assertThat(OutboxSender.backOff(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(OutboxSender.backOff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(OutboxSender.backOff(30)).isEqualTo(Duration.ofMinutes(5));
    }

    private int unsent() {
        return database.transaction(c -> new Outbox(c, new Json(), clock).unsentCount());
    }

    private static final class NoChats implements MessageGateway {
        @Override
        public Delivery send(Outbound outbound) {
            throw new AssertionError("no chat message expected: " + outbound);
        }

        @Override
        public void typing(long chatId) {
        }

        @Override
        public void answerButton(String callbackId, String text) {
        }
    }
}
