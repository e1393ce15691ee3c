package cmoadvisor.search;

import cmoadvisor.knowledge.Lang;

/**
 * What the engine says to a question.
 *
 * @param lang       the language of the reply (the question's, or the one the user chose)
 * @param answered   false when the knowledge does not cover the question and the bot declines
 * @param topicId    the topic answered, null when declined
 * @param confidence 0..1: how much of the question the chosen topic covers, scaled by the match strength
 * @param markdown   the reply, in the knowledge files' Markdown subset
 * @param certain    answered with the question well covered; false for a partial match, which admins
 *                   see among the questions to improve
 */
public record Answer(Lang lang, boolean answered, String topicId, double confidence, String markdown, boolean certain) {
}
