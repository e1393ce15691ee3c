package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;

import java.time.Instant;
import java.util.List;

/**
 * A prospect who asked for a person and agreed to be contacted. Saved before anyone is notified.
 *
 * @param consentText the exact wording the prospect agreed to, and {@code consentAt} when
 */
public record Lead(long id, long chatId, Person person, String name, String phone, String company, Lang lang,
                   String source, QuizResult quiz, List<String> lastQuestions, String consentText, Instant consentAt,
                   Status status, String takenBy, Instant createdAt) {

    public enum Status { OPEN, TAKEN, DONE }

    public Lead {
        lastQuestions = List.copyOf(lastQuestions);
    }

    Lead withStatus(Status next, String who) {
        return new Lead(id, chatId, person, name, phone, company, lang, source, quiz, lastQuestions, consentText,
                consentAt, next, next == Status.TAKEN ? who : takenBy, createdAt);
    }

    boolean isOpen() {
        return status != Status.DONE;
    }
}
