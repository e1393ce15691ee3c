package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the bot keeps about one private chat. Immutable: every change makes a new session, which
 * the store saves in the same transaction as the replies it caused.
 *
 * @param chosenLang the language picked with /lang, or null to follow each message's language
 * @param lang       the language of the last exchange
 * @param source     the deep-link payload of the first /start (an ad campaign, a partner), or null
 * @param leadOnRecord whether the chat has ever left a lead; null when not known yet (a new session, or one
 *                   stored before this was kept), which the store is asked once
 */
public record Session(long chatId, Person person, Lang chosenLang, Lang lang, String source, ChatState state,
                      List<String> lastQuestions, QuizResult quizResult, DialogueContext context, Boolean leadOnRecord) {
    static final int REMEMBERED_QUESTIONS = 5;

    public Session {
        lastQuestions = List.copyOf(lastQuestions);
        // Sessions stored before the context existed have none.
        context = context == null ? DialogueContext.EMPTY : context;
    }

    public Session(long chatId, Person person, Lang chosenLang, Lang lang, String source, ChatState state,
                   List<String> lastQuestions, QuizResult quizResult, DialogueContext context) {
        this(chatId, person, chosenLang, lang, source, state, lastQuestions, quizResult, context, null);
    }

    Session withLeadOnRecord(boolean next) {
        return new Session(chatId, person, chosenLang, lang, source, state, lastQuestions, quizResult, context, next);
    }

    static Session fresh(long chatId, Person person, Lang lang) {
        return new Session(chatId, person, null, lang, null, new ChatState.Idle(), List.of(), null, DialogueContext.EMPTY);
    }

    Session withContext(DialogueContext next) {
        return new Session(chatId, person, chosenLang, lang, source, state, lastQuestions, quizResult, next, leadOnRecord);
    }

    Session withState(ChatState next) {
        return new Session(chatId, person, chosenLang, lang, source, next, lastQuestions, quizResult, context, leadOnRecord);
    }

    Session withPerson(Person next) {
        return new Session(chatId, next, chosenLang, lang, source, state, lastQuestions, quizResult, context, leadOnRecord);
    }

    Session withLang(Lang next) {
        return new Session(chatId, person, chosenLang, next, source, state, lastQuestions, quizResult, context, leadOnRecord);
    }

    Session withChosenLang(Lang next) {
        return new Session(chatId, person, next, next, source, state, lastQuestions, quizResult, context, leadOnRecord);
    }

    Session withSource(String next) {
        return new Session(chatId, person, chosenLang, lang, next, state, lastQuestions, quizResult, context, leadOnRecord);
    }

    Session withQuizResult(QuizResult next) {
        return new Session(chatId, person, chosenLang, lang, source, state, lastQuestions, next, context, leadOnRecord);
    }

    Session withQuestion(String question) {
        List<String> next = new ArrayList<>(lastQuestions);
        next.add(question);
        while (next.size() > REMEMBERED_QUESTIONS) {
            next.remove(0);
        }
        return new Session(chatId, person, chosenLang, lang, source, state, next, quizResult, context, leadOnRecord);
    }
}
