package cmoadvisor.delivery;

import cmoadvisor.MutableClock;
import cmoadvisor.conversation.Outbound;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Migrations;
import cmoadvisor.storage.Outbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The sender's two ways to what is due: entries handed over after their commit (the processor's replies),
 * and a look at the database (everything else). Whichever way an entry comes, each chat's entries go out
 * once and in the order they were enqueued.
 */
class OutboxSenderTest {
    private static final long WAIT = 5_000;
    private static final MessageGateway.Delivery SENT = new MessageGateway.Delivery.Sent(List.of(1L));

    @TempDir
    Path dir;
    private final Json json = new Json();
    private final MutableClock clock = MutableClock.nearNow();
    private final MessageGateway gateway = mock(MessageGateway.class);
    private Database database;
    private OutboxSender sender;
    /**
     * What the gateway answers for a message, in turn, before it answers SENT: scripted here rather than
     * stubbed per test, since Mockito's stubbing is not safe while the sender's threads call the mock.
     */
    private final java.util.Map<Outbound, java.util.Deque<java.util.concurrent.Callable<MessageGateway.Delivery>>> script =
            new java.util.concurrent.ConcurrentHashMap<>();

    @SafeVarargs
    private void script(Outbound outbound, java.util.concurrent.Callable<MessageGateway.Delivery>... answers) {
        script.put(outbound, new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(answers)));
    }

    @BeforeEach
    void start() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("outbox.db"));
        Migrations.migrate(database);
        when(gateway.send(any())).thenAnswer(call -> {
            java.util.Deque<java.util.concurrent.Callable<MessageGateway.Delivery>> answers = script.get(call.getArgument(0));
            java.util.concurrent.Callable<MessageGateway.Delivery> answer = answers == null ? null : answers.poll();
            return answer == null ? SENT : answer.call();
        });
        sender = new OutboxSender(database, json, gateway, clock).withoutPacing().aloneOnTheDatabase();
        sender.start();
        // The first round looks at the database; once this is sent, only a hand-over or a wake brings more.
        Outbound warmUp = new Outbound.Message(1, "warm-up");
        sender.handOver(List.of(enqueue(warmUp)));
        verify(gateway, timeout(WAIT)).send(warmUp);
    }

    @AfterEach
    void stop() {
        sender.close();
        database.close();
    }

    private Outbox.Entry enqueue(Outbound outbound) {
        return database.transaction(c -> new Outbox(c, json, clock).enqueue(outbound));
    }

    private int unsent() {
        return database.transaction(c -> new Outbox(c, json, clock).unsentCount());
    }

    /** Nothing left unsent, once the last send is recorded (a send is seen before its mark is committed). */
    private void assertAllMarkedSent() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
        while (unsent() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(unsent()).isZero();
    }

    @Test
    void handOver_sendsEachEntryOnce_inTheOrderOfItsChat() {
        Outbound one = new Outbound.Message(7, "one");
        Outbound two = new Outbound.Message(7, "two");
        Outbound other = new Outbound.Message(8, "other chat");

        sender.handOver(List.of(enqueue(one), enqueue(two), enqueue(other)));

        verify(gateway, timeout(WAIT)).send(two);
        verify(gateway, timeout(WAIT)).send(other);
        InOrder order = inOrder(gateway);
        order.verify(gateway).send(one);
        order.verify(gateway).send(two);
        verify(gateway, after(300).times(4)).send(any());
        assertAllMarkedSent();
    }

    @Test
    void handOver_ofAnEntryBehindAnEarlierUnsentOne_sendsTheEarlierFirst() {
        // Enqueued elsewhere, whose wake has not come yet: the entry handed over after it waits its turn.
        Outbound earlier = new Outbound.Message(7, "enqueued elsewhere");
        enqueue(earlier);
        Outbound later = new Outbound.Message(7, "a reply handed over");

        sender.handOver(List.of(enqueue(later)));

        verify(gateway, timeout(WAIT)).send(later);
        InOrder order = inOrder(gateway);
        order.verify(gateway).send(earlier);
        order.verify(gateway).send(later);
        assertAllMarkedSent();
    }

    @Test
    void anEntryEnqueuedWhileItsChatIsBeingSentTo_goesOutNext() throws InterruptedException {
        // An admin's report is enqueued while the task that makes it is being carried out, in the same chat.
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Outbound task = new Outbound.Message(42, "the task");
        script(task, () -> {
            sending.countDown();
            assertThat(release.await(WAIT, TimeUnit.MILLISECONDS)).isTrue();
            return SENT;
        });
        sender.handOver(List.of(enqueue(task)));
        assertThat(sending.await(WAIT, TimeUnit.MILLISECONDS)).isTrue();

        Outbound report = new Outbound.Message(42, "the report");
        enqueue(report);
        sender.wake();
        verify(gateway, after(300).never()).send(report);
        release.countDown();

        verify(gateway, timeout(WAIT)).send(report);
        assertAllMarkedSent();
    }

    @Test
    void anEntryWaitingForItsRetry_holdsBackTheEntriesHandedOverAfterIt() {
        Outbound first = new Outbound.Message(7, "first");
        script(first, () -> new MessageGateway.Delivery.RetryLater(null, "network"));
        sender.handOver(List.of(enqueue(first)));
        verify(gateway, timeout(WAIT)).send(first);

        Outbound second = new Outbound.Message(7, "second");
        sender.handOver(List.of(enqueue(second)));
        verify(gateway, after(500).never()).send(second);

        clock.advance(Duration.ofSeconds(2));
        verify(gateway, timeout(WAIT)).send(second);
        InOrder order = inOrder(gateway);
        order.verify(gateway, org.mockito.Mockito.times(2)).send(first);
        order.verify(gateway).send(second);
        assertAllMarkedSent();
    }

    @Test
    void aBacklogOfMoreChatsThanALookTakes_goesOutWithoutWaitingForTheNextPlannedLook() {
        // As after a restart, or when Telegram lets the bot go on after a pause: all of it found by looking.
        List<Outbound> backlog = java.util.stream.LongStream.rangeClosed(100, 219)
                .mapToObj(chat -> (Outbound) new Outbound.Message(chat, "waiting " + chat)).toList();
        backlog.forEach(this::enqueue);

        sender.wake();

        backlog.forEach(message -> verify(gateway, timeout(WAIT)).send(message));
        assertAllMarkedSent();
    }

    @Test
    void aReminderHandedOver_waitsForItsTime() {
        Outbound.Reminder reminder = new Outbound.Reminder(Outbound.Reminder.Kind.PROSPECT_STOPPED, 5,
                clock.instant(), clock.instant().plus(Duration.ofMinutes(10)));
        sender.handOver(List.of(enqueue(reminder)));
        verify(gateway, after(500).never()).send(reminder);

        clock.advance(Duration.ofMinutes(11));
        verify(gateway, timeout(WAIT)).send(reminder);
    }
}
