package cmoadvisor.search;

import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Topic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers a free-text question from the knowledge: detects the language, ranks topics with Lucene, then
 * decides whether the best topic really answers the question. Thread-safe and immutable; build a new one to
 * serve new knowledge.
 *
 * <p>Why a coverage test on top of BM25: BM25 always ranks something first, even for "how do I fix my car".
 * Its scores are not comparable between questions, but the share of the question's content words that a
 * topic contains is. A question about flat renovation shares "сколько стоит" with the price topics and
 * nothing else, so it covers too little of any topic to be answered. The same share also reorders
 * Lucene's top few: a topic that contains every word of the question beats one that repeats some of them.
 */
public final class AnswerEngine {
    private static final int CANDIDATES = 6;
    private static final double CLOSE_SPELLING_CREDIT = 0.75;

    private final KnowledgeBase knowledge;
    private final TextAnalysis analysis;
    private final TopicIndex index;
    private final LanguageDetector detector;
    private final SearchTuning tuning;

    public AnswerEngine(KnowledgeBase knowledge) {
        this(knowledge, SearchTuning.defaults());
    }

    AnswerEngine(KnowledgeBase knowledge, SearchTuning tuning) {
        this(knowledge, new TextAnalysis(knowledge.synonymRules()), tuning);
    }

    private AnswerEngine(KnowledgeBase knowledge, TextAnalysis analysis, SearchTuning tuning) {
        this.knowledge = knowledge;
        this.tuning = tuning;
        this.analysis = analysis;
        this.index = new TopicIndex(knowledge, analysis, tuning);
        this.detector = new LanguageDetector(knowledge);
    }

    /**
     * Loads a knowledge folder and builds its engine. Building the analyzers needs only the synonym rules,
     * so it runs on the second core while the topics are parsed: about a quarter of a second off a cold start.
     */
    public static AnswerEngine load(cmoadvisor.knowledge.KnowledgeLoader loader, java.nio.file.Path dir) {
        var early = loader.synonymRules(dir);
        var analysis = java.util.concurrent.CompletableFuture.supplyAsync(() -> new TextAnalysis(early));
        KnowledgeBase knowledge = loader.load(dir);
        TextAnalysis built;
        try {
            built = knowledge.synonymRules().equals(early) ? analysis.join() : new TextAnalysis(knowledge.synonymRules());
        } catch (java.util.concurrent.CompletionException e) {
            // Built again here so that a bad rule is reported the ordinary way, as a KnowledgeException.
            built = new TextAnalysis(knowledge.synonymRules());
        }
        return new AnswerEngine(knowledge, built, SearchTuning.defaults());
    }

    /** One ranked topic, with the numbers that placed it. */
    public record Candidate(String topicId, double bm25, double coverage, double matched, double rank,
                            java.util.Map<String, Double> termMatches) {
    }

    /** How a question was understood: its content terms, those no topic knows, and the ranked topics. */
    public record Explanation(Lang lang, List<String> contentTerms, List<String> unknownTerms,
                              java.util.Map<String, Integer> topicsWithTerm, List<Candidate> candidates) {
    }

    public KnowledgeBase knowledge() {
        return knowledge;
    }

    public Lang detectLanguage(String text, Lang fallback) {
        return detector.detect(text, fallback);
    }

    /** Answers in the question's own language. */
    public Answer answer(String question) {
        String text = question == null ? "" : question;
        return answer(text, detector.detect(text, Lang.PRIMARY));
    }

    /**
     * Answers in {@code replyLang} (the user chose it, or the chat has been in it). The question is still
     * searched in its own language: someone who chose Kyrgyz may type a question in Russian.
     */
    public Answer answer(String question, Lang replyLang) {
        String text = question == null ? "" : question.strip();
        if (text.isEmpty()) {
            return decline(replyLang, "empty_question");
        }
        Lang searchLang = detector.detect(text, replyLang);
        Explanation explanation = explain(text, searchLang);
        if (explanation.candidates().isEmpty()) {
            return decline(replyLang, "decline");
        }
        Candidate best = explanation.candidates().get(0);
        if (!confident(best, explanation)) {
            return decline(replyLang, "decline");
        }
        Topic topic = knowledge.topic(best.topicId(), replyLang).orElseThrow();
        return new Answer(replyLang, true, topic.id(), best.coverage(), topic.body(),
                best.coverage() >= tuning.sureCoverage());
    }

    public Explanation explain(String question, Lang lang) {
        Set<String> content = contentTerms(question, lang);
        List<String> unknown = content.stream().filter(t -> !index.known(lang, t)).toList();
        List<TopicIndex.Hit> hits = index.search(question, lang, CANDIDATES);
        double top = hits.isEmpty() ? 1 : hits.get(0).score();
        java.util.Map<String, List<String>> neighbours = new java.util.HashMap<>();
        for (String term : content) {
            if (!index.known(lang, term)) {
                neighbours.put(term, index.neighbours(lang, term));
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (TopicIndex.Hit hit : hits) {
            Set<String> topicTerms = index.topicTerms(hit.topicId(), lang);
            java.util.Map<String, Double> termMatches = new java.util.LinkedHashMap<>();
            for (String term : content) {
                termMatches.put(term, match(term, topicTerms, neighbours.getOrDefault(term, List.of())));
            }
            double matched = termMatches.values().stream().mapToDouble(Double::doubleValue).sum();
            double coverage = content.isEmpty() ? 0 : matched / content.size();
            double rank = tuning.coverageWeight() * coverage + (1 - tuning.coverageWeight()) * hit.score() / top;
            candidates.add(new Candidate(hit.topicId(), hit.score(), coverage, matched, rank, termMatches));
        }
        candidates.sort(Comparator.comparingDouble(Candidate::rank).reversed());
        java.util.Map<String, Integer> df = new java.util.LinkedHashMap<>();
        content.forEach(t -> df.put(t, index.topicsWithTerm(lang, t)));
        return new Explanation(lang, List.copyOf(content), unknown, df, candidates);
    }

    /**
     * Answer when the topic covers most of the question; accept a partial cover only when the rest of the
     * question is words the knowledge also uses. Words no topic knows ("ремонт", "сайт", "weather") are the
     * mark of a question about something else that merely shares "how much" with a price topic.
     */
    private boolean confident(Candidate best, Explanation explanation) {
        if (best.coverage() >= tuning.sureCoverage()) {
            return true;
        }
        int terms = explanation.contentTerms().size();
        double unknownShare = terms == 0 ? 1 : (double) explanation.unknownTerms().size() / terms;
        return best.coverage() >= tuning.minCoverage() && unknownShare < tuning.maxUnknownShare();
    }

    private Answer decline(Lang lang, String messageKey) {
        return new Answer(lang, false, null, 0, knowledge.messages().get(messageKey, lang), false);
    }

    /** The question's meaningful terms: analyzed (so stemmed, synonyms merged, function words gone), no bare numbers. */
    private Set<String> contentTerms(String question, Lang lang) {
        Set<String> terms = new LinkedHashSet<>();
        for (String term : analysis.terms(SearchField.coverageFieldFor(lang), question)) {
            if (!isNumber(term)) {
                terms.add(term);
            }
        }
        return terms;
    }

    /**
     * How much a question's term counts as found in a topic: fully when the topic has it, in part when the
     * topic has a close spelling of it (a typo, or a form the light stemmers left apart).
     */
    private static double match(String term, Set<String> topicTerms, List<String> neighbours) {
        if (topicTerms.contains(term)) {
            return 1;
        }
        for (String neighbour : neighbours) {
            if (topicTerms.contains(neighbour)) {
                return CLOSE_SPELLING_CREDIT;
            }
        }
        return 0;
    }

    private static boolean isNumber(String term) {
        for (int i = 0; i < term.length(); i++) {
            if (!Character.isDigit(term.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
