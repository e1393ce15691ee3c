package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.Answer;
import cmoadvisor.understanding.Understanding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A message's understanding and knowledge answer, worked out ahead of its turn on another core. Both are
 * pure functions of the text, the conversation's language and its last topic, and together they are most
 * of a turn's work; the turn itself runs inside the store's transaction, one chat after another. So while
 * the turn of one message runs, the next messages are understood and answered beside it, with the language
 * and last topic their chats had after their previous turn.
 *
 * <p>A turn takes a result only when it asks with exactly the inputs it was worked out with (the text, the
 * language, the last topic), and takes it once: a chat whose language or topic changed meanwhile, or a flow
 * that reads the message differently, computes its own as if nothing had been prepared. A result prepared
 * and not yet started is run by the turn that needs it, one being worked out is waited for, so a message
 * never waits for its turn behind others' foresight. Nothing here outlives the knowledge version: each
 * engine has its own.
 */
final class Foresight {
    /** Chats whose language and last topic are remembered for the next message's foresight. */
    private static final int CHATS = 10_000;
    /** Results prepared and not taken yet (a message that took another path leaves its own behind). */
    private static final int PREPARED = 512;

    /** How a chat stood after its last turn: what its next message will most likely be read with. */
    private record Expectation(Lang lang, boolean langChosen, String lastTopic) {
    }

    /** A chat's own: two chats sending the same words each get their own foresight. */
    private record UnderstandingKey(long chatId, String text, Lang lang) {
    }

    private record ChatAnswer(long chatId, AnswerKey key) {
    }

    /** The inputs of a knowledge answer, as {@code AnswerEngine.answer} takes them. */
    record AnswerKey(String content, String typed, Lang searchLang, Lang replyLang, String lastTopic) {
    }

    /** What the foresight of one message worked out. */
    private record Prepared(Understanding understanding, AnswerKey answerKey, Answer answer) {
    }

    /** What the engine does to understand a message and to answer it from the knowledge. */
    interface Work {
        Understanding understand(String text, Lang lang);

        Answer answer(AnswerKey key);

        /** The language a turn answers in after understanding a message, for a chat in {@code lang}. */
        Lang replyLang(Understanding understood, Lang lang, boolean langChosen);
    }

    private final Work work;
    private final Map<Long, Expectation> expected = bounded(CHATS);
    private final Map<UnderstandingKey, FutureTask<Prepared>> prepared = bounded(PREPARED);
    private final Map<ChatAnswer, Answer> answers = bounded(PREPARED);

    Foresight(Work work) {
        this.work = work;
    }

    private static <K, V> Map<K, V> bounded(int capacity) {
        return java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * Starts working out a message of a chat on {@code executor}; {@code firstLang} is the language of a chat
     * not seen since this engine started. An executor that refuses (it is busy) leaves the work to the turn.
     */
    void foresee(long chatId, String text, Lang firstLang, Executor executor) {
        Task task = task(chatId, text, firstLang);
        if (!task.isNew()) {
            return;
        }
        try {
            executor.execute(task.work());
        } catch (RejectedExecutionException busy) {
            // The turn runs it when it comes to the message, or prepare() before it.
        }
    }

    /** A message as the caller hands it over to be prepared: its chat, its text, and its chat's language if new. */
    record Message(long chatId, String text, Lang firstLang) {
    }

    /**
     * Works out these messages before their turns, on the caller's thread too, and returns once every one is
     * done, so that the turns only take the results. The caller works from the last message back while the
     * foresight threads go from the first, so both cores share the work; a message being worked out
     * elsewhere is waited for. Why before: the turns run inside the store's transaction, and a turn waiting
     * there for its answer held the one connection everyone else waited for.
     */
    void prepare(java.util.List<Message> messages) {
        java.util.List<FutureTask<Prepared>> tasks = new java.util.ArrayList<>(messages.size());
        for (Message message : messages) {
            tasks.add(task(message.chatId(), message.text(), message.firstLang()).work());
        }
        for (int i = tasks.size() - 1; i >= 0; i--) {
            // Returns at once when another thread runs it or has run it.
            tasks.get(i).run();
        }
        for (FutureTask<Prepared> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                // The turn works it out again and reports the failure as its own (see understanding).
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Task(FutureTask<Prepared> work, boolean isNew) {
    }

    /** The work prepared for a message, made now if there is none yet. */
    private Task task(long chatId, String text, Lang firstLang) {
        Expectation expectation = expected.getOrDefault(chatId, new Expectation(firstLang, false, null));
        UnderstandingKey key = new UnderstandingKey(chatId, text, expectation.lang());
        FutureTask<Prepared> task = new FutureTask<>(() -> {
            Understanding understood = work.understand(text, expectation.lang());
            Lang replyLang = work.replyLang(understood, expectation.lang(), expectation.langChosen());
            AnswerKey answerKey = new AnswerKey(understood.hasContent() ? understood.content() : understood.text(),
                    understood.hasContent() ? understood.typedContent() : understood.text(), understood.searchLang(),
                    replyLang, expectation.lastTopic());
            return new Prepared(understood, answerKey, work.answer(answerKey));
        });
        FutureTask<Prepared> existing = prepared.putIfAbsent(key, task);
        return existing != null ? new Task(existing, false) : new Task(task, true);
    }

    /** The message understood: as prepared if it was, with its answer kept for the turn; otherwise now. */
    Understanding understanding(long chatId, String text, Lang lang) {
        FutureTask<Prepared> task = prepared.remove(new UnderstandingKey(chatId, text, lang));
        if (task != null) {
            // Not started yet: runs here and now. Being worked out on the other thread: waits for it.
            task.run();
            try {
                Prepared done = task.get();
                answers.put(new ChatAnswer(chatId, done.answerKey()), done.answer());
                return done.understanding();
            } catch (ExecutionException e) {
                // Worked out again below, where a failure belongs to the turn and is reported as its own.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return work.understand(text, lang);
    }

    /** The knowledge answer for these inputs: as prepared if it was, otherwise now. */
    Answer answer(long chatId, AnswerKey key) {
        Answer known = answers.remove(new ChatAnswer(chatId, key));
        return known != null ? known : work.answer(key);
    }

    /** How the chat stands after its turn: what its next message is worked out with. */
    void turnEnded(Session session) {
        expected.put(session.chatId(), new Expectation(session.lang(), session.chosenLang() != null,
                session.context().lastTopic()));
    }
}
