package cmoadvisor.search;

/**
 * The numbers that shape ranking and the decision to answer. Chosen on the development and calibration
 * question sets (see AnswerQualityTest); change them only with those tests.
 *
 * @param k1           BM25 term saturation; low, because a word repeated in a short answer adds little
 * @param b            BM25 length normalisation; moderate, as all topics are short
 * @param askedBoost   weight of the questions/title/keywords field relative to the body
 * @param wordBoost    weight of the stemmed word fields
 * @param ngramBoost   weight of the character-trigram field (typos)
 * @param typoBoost    weight of near spellings of a word no topic contains, relative to an exact word
 * @param coverageWeight how much the share of the question a topic covers counts against BM25 when ranking
 * @param sureCoverage share of a question's content words that, found in the chosen topic, makes it answered
 * @param minCoverage  the least share that can still be answered, when few of the question's words are
 *                     unknown to the whole knowledge
 * @param maxUnknownShare the share of words unknown to the whole knowledge at which a partly covered
 *                     question is taken to be about something else ("сайт", "ремонт", "weather")
 */
record SearchTuning(float k1, float b, float askedBoost, float wordBoost, float ngramBoost, float typoBoost,
                    double coverageWeight,
                    double sureCoverage, double minCoverage, double maxUnknownShare) {

    static SearchTuning defaults() {
        return new SearchTuning(1.0f, 0.5f, 1.5f, 1.0f, 0.3f, 0.7f, 0.5, 0.6, 0.4, 0.5);
    }
}
