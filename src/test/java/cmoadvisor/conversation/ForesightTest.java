package cmoadvisor.conversation;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.Answer;
import cmoadvisor.understanding.Understander;
import cmoadvisor.understanding.Understanding;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What a turn takes from the foresight of its message, and when it works the message out itself. */
class ForesightTest {
    private static final String TEXT = "Сколько стоит ретейнер?";
    private static final Understanding UNDERSTOOD = new Understander(TestKnowledge.engine()).understand(TEXT, Lang.RU);
    private static final Answer ANSWER = new Answer(Lang.RU, true, "retainer", 1, "Ретейнер…", true);
    private static final Executor NOW = Runnable::run;
    /** Leaves the work to the turn. */
    private static final Executor LATER = task -> { };

    private final Foresight.Work work = mock(Foresight.Work.class);
    private final Foresight foresight = new Foresight(work);

    ForesightTest() {
        when(work.understand(any(), any())).thenReturn(UNDERSTOOD);
        when(work.replyLang(any(), any(), eq(false))).thenAnswer(call -> ((Understanding) call.getArgument(0)).lang()
                .orElse(call.getArgument(1)));
        when(work.answer(any())).thenReturn(ANSWER);
    }

    private static Foresight.AnswerKey keyOf(Understanding u, Lang replyLang, String lastTopic) {
        return new Foresight.AnswerKey(u.content(), u.typedContent(), u.searchLang(), replyLang, lastTopic);
    }

    @Test
    void understanding_takesWhatWasForeseen_andTheAnswerOnce() {
        foresight.foresee(1, TEXT, Lang.RU, NOW);

        assertThat(foresight.understanding(1, TEXT, Lang.RU)).isSameAs(UNDERSTOOD);
        assertThat(foresight.answer(1, keyOf(UNDERSTOOD, Lang.RU, null))).isSameAs(ANSWER);
        verify(work, times(1)).understand(TEXT, Lang.RU);
        verify(work, times(1)).answer(keyOf(UNDERSTOOD, Lang.RU, null));
        // Taken once: asked again, it is worked out again.
        foresight.answer(1, keyOf(UNDERSTOOD, Lang.RU, null));
        verify(work, times(2)).answer(any());
    }

    @Test
    void understanding_inAnotherLanguageThanForeseen_isWorkedOutAgain() {
        foresight.foresee(1, TEXT, Lang.RU, NOW);

        foresight.understanding(1, TEXT, Lang.EN);

        verify(work).understand(TEXT, Lang.RU);
        verify(work).understand(TEXT, Lang.EN);
    }

    @Test
    void answer_forAnotherLastTopicThanForeseen_isWorkedOutAgain() {
        foresight.foresee(1, TEXT, Lang.RU, NOW);
        foresight.understanding(1, TEXT, Lang.RU);

        foresight.answer(1, keyOf(UNDERSTOOD, Lang.RU, "hourly"));

        verify(work).answer(keyOf(UNDERSTOOD, Lang.RU, null));
        verify(work).answer(keyOf(UNDERSTOOD, Lang.RU, "hourly"));
    }

    @Test
    void foresee_sameWordsInTwoChats_eachChatGetsItsOwn() {
        foresight.foresee(1, TEXT, Lang.RU, LATER);
        foresight.foresee(2, TEXT, Lang.RU, LATER);

        foresight.understanding(1, TEXT, Lang.RU);
        foresight.understanding(2, TEXT, Lang.RU);
        foresight.answer(1, keyOf(UNDERSTOOD, Lang.RU, null));
        foresight.answer(2, keyOf(UNDERSTOOD, Lang.RU, null));

        verify(work, times(2)).understand(TEXT, Lang.RU);
        verify(work, times(2)).answer(any());
    }

    @Test
    void foresee_sameMessageTwice_isWorkedOutOnce() {
        foresight.foresee(1, TEXT, Lang.RU, NOW);
        foresight.foresee(1, TEXT, Lang.RU, NOW);

        foresight.understanding(1, TEXT, Lang.RU);

        verify(work, times(1)).understand(TEXT, Lang.RU);
    }

    @Test
    void foresee_afterATurn_usesTheChatsLanguageAndLastTopic() {
        Session fresh = Session.fresh(1, new Person(1, null, null, "ru"), Lang.EN);
        Session afterTurn = fresh.withContext(fresh.context().answered("hourly"));
        foresight.turnEnded(afterTurn);

        foresight.foresee(1, TEXT, Lang.RU, NOW);

        verify(work).understand(TEXT, Lang.EN);
        verify(work).answer(argThat(key -> "hourly".equals(key.lastTopic())));
    }

    @Test
    void understanding_whenTheExecutorRefused_runsTheForesightItself() {
        foresight.foresee(1, TEXT, Lang.RU, task -> {
            throw new RejectedExecutionException("busy");
        });

        assertThat(foresight.understanding(1, TEXT, Lang.RU)).isSameAs(UNDERSTOOD);
        assertThat(foresight.answer(1, keyOf(UNDERSTOOD, Lang.RU, null))).isSameAs(ANSWER);
        verify(work, times(1)).understand(TEXT, Lang.RU);
        verify(work, times(1)).answer(any());
    }

    @Test
    void understanding_whileForesightIsWorkingItOut_waitsForItInsteadOfRepeatingIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(work.understand(TEXT, Lang.RU)).thenAnswer(call -> {
            started.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            return UNDERSTOOD;
        });
        foresight.foresee(1, TEXT, Lang.RU, task -> new Thread(task, "foresight-test").start());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Understanding> turn = CompletableFuture.supplyAsync(() -> foresight.understanding(1, TEXT, Lang.RU));
        release.countDown();

        assertThat(turn.get(10, TimeUnit.SECONDS)).isSameAs(UNDERSTOOD);
        verify(work, times(1)).understand(TEXT, Lang.RU);
    }

    @Test
    void understanding_whenForesightFailed_isWorkedOutByTheTurn() {
        when(work.understand(TEXT, Lang.RU)).thenThrow(new IllegalStateException("foresight")).thenReturn(UNDERSTOOD);
        foresight.foresee(1, TEXT, Lang.RU, NOW);

        assertThat(foresight.understanding(1, TEXT, Lang.RU)).isSameAs(UNDERSTOOD);
        verify(work, times(2)).understand(TEXT, Lang.RU);
    }

    @Test
    void prepare_messagesNotForeseen_worksThemOutOnTheCallersThread_andTheTurnTakesThem() {
        foresight.prepare(java.util.List.of(new Foresight.Message(1, TEXT, Lang.RU), new Foresight.Message(2, TEXT, Lang.RU)));
        verify(work, times(2)).understand(TEXT, Lang.RU);

        assertThat(foresight.understanding(1, TEXT, Lang.RU)).isSameAs(UNDERSTOOD);
        assertThat(foresight.answer(1, keyOf(UNDERSTOOD, Lang.RU, null))).isSameAs(ANSWER);
        assertThat(foresight.understanding(2, TEXT, Lang.RU)).isSameAs(UNDERSTOOD);
        verify(work, times(2)).understand(TEXT, Lang.RU);
        verify(work, times(2)).answer(any());
    }

    @Test
    void prepare_messageForeseenAlready_isNotWorkedOutAgain() {
        foresight.foresee(1, TEXT, Lang.RU, NOW);

        foresight.prepare(java.util.List.of(new Foresight.Message(1, TEXT, Lang.RU)));
        foresight.understanding(1, TEXT, Lang.RU);

        verify(work, times(1)).understand(TEXT, Lang.RU);
    }

    @Test
    void prepare_whileForesightWorksOnTheFirst_runsTheRestItself_andReturnsWhenAllAreDone() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String first = "Что такое фракционный CMO?";
        when(work.understand(first, Lang.RU)).thenAnswer(call -> {
            started.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            return UNDERSTOOD;
        });
        java.util.List<String> threads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CountDownLatch secondDone = new CountDownLatch(1);
        when(work.understand(TEXT, Lang.RU)).thenAnswer(call -> {
            threads.add(Thread.currentThread().getName());
            secondDone.countDown();
            return UNDERSTOOD;
        });
        foresight.foresee(1, first, Lang.RU, task -> new Thread(task, "foresight-test").start());
        foresight.foresee(2, TEXT, Lang.RU, LATER);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> prepared = CompletableFuture.runAsync(() -> foresight.prepare(java.util.List.of(
                new Foresight.Message(1, first, Lang.RU), new Foresight.Message(2, TEXT, Lang.RU))));
        // The second is worked out by prepare itself while the first is still on the foresight thread.
        assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(prepared).isNotDone();
        release.countDown();

        prepared.get(10, TimeUnit.SECONDS);
        assertThat(threads).doesNotContain("foresight-test");
        foresight.understanding(1, first, Lang.RU);
        foresight.understanding(2, TEXT, Lang.RU);
        verify(work, times(1)).understand(first, Lang.RU);
        verify(work, times(1)).understand(TEXT, Lang.RU);
    }
}
