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
 */
public record Session(long chatId, Person person, Lang chosenLang, Lang lang, String source, ChatState state,
                      List<String> lastQuestions, QuizResult quizResult) {
    static final int REMEMBERED_QUESTIONS = 5;

    public Session {
        lastQuestions = List.copyOf(lastQuestions);
    }

    static Session fresh(long chatId, Person person, Lang lang) {
        return new Session(chatId, person, null, lang, null, new ChatState.Idle(), List.of(), null);
    }

    Session withState(ChatState next) {
        return new Session(chatId, person, chosenLang, lang, source, next, lastQuestions, quizResult);
    }

    Session withPerson(Person next) {
        return new Session(chatId, next, chosenLang, lang, source, state, lastQuestions, quizResult);
    }

    Session withLang(Lang next) {
        return new Session(chatId, person, chosenLang, next, source, state, lastQuestions, quizResult);
    }

    Session withChosenLang(Lang next) {
        return new Session(chatId, person, next, next, source, state, lastQuestions, quizResult);
    }

    Session withSource(String next) {
        return new Session(chatId, person, chosenLang, lang, next, state, lastQuestions, quizResult);
    }

    Session withQuizResult(QuizResult next) {
        return new Session(chatId, person, chosenLang, lang, source, state, lastQuestions, next);
    }

    Session withQuestion(String question) {
        List<String> next = new ArrayList<>(lastQuestions);
        next.add(question);
        while (next.size() > REMEMBERED_QUESTIONS) {
            next.remove(0);
        }
        return new Session(chatId, person, chosenLang, lang, source, state, next, quizResult);
    }
}
