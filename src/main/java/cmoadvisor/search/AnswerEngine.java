package cmoadvisor.search;

import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Topic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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
    private static final java.util.regex.Pattern SPELLED_WORD = java.util.regex.Pattern.compile("\\p{L}{4,}");
    private static final int MIN_GLUED_LENGTH = 9;
    private static final int LONG_MESSAGE_TERMS = 10;
    private static final double TITLE_WEIGHT = 0.15;
    /** How much the question sentence of a message of several sentences counts next to the whole message. */
    private static final double QUESTION_WEIGHT = 0.3;
    private static final double LONG_MESSAGE_MATCHED = 4;
    private static final int MIN_PART_LENGTH = 3;
    /** A follow-up is short: a longer question is a question of its own. */
    private static final int FOLLOW_UP_MAX_TERMS = 5;
    private static final double FOLLOW_UP_COVERAGE_SLACK = 0.34;
    private static final double FOLLOW_UP_MIN_COVERAGE = 0.5;
    /** A label in at least this many topics names a part, not a subject. */
    private static final int FACET_TOPICS = 3;
    /** Analysed titles, by language and topic: a reload builds a new engine, so this never goes stale. */
    private final java.util.Map<String, Set<String>> titleTerms = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Set<String>> partLabels = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Lang, Set<String>> facets = new java.util.concurrent.ConcurrentHashMap<>();
    // Analysing a topic's every paragraph took a third of an answer's time; the knowledge does not change
    // under an engine, so each topic is analysed once.
    private final java.util.Map<String, List<AnalysedPassage>> analysedPassages = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * Whether the knowledge uses this word in this language, after stemming and synonyms; a function word
     * counts as known. The understanding step asks it to tell English from Russian typed in Latin letters.
     */
    public boolean knowsWord(Lang lang, String word) {
        List<String> terms = analysis.terms(SearchField.coverageFieldFor(lang), word);
        return terms.isEmpty() || terms.stream().anyMatch(t -> index.known(lang, t));
    }

    /**
     * The message with its misspelt words put right, as the knowledge of {@code lang} writes them: a word
     * the knowledge does not know, whose stem it does not know either, becomes the closest word it writes
     * ("налги" → "налоги", "диретора" → "директора"), and two words typed as one are parted
     * ("занимаетсявнешний"). Other text is kept as it is.
     */
    public String correctSpelling(String text, Lang lang, java.util.function.Predicate<String> keep) {
        java.util.regex.Matcher m = SPELLED_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            String replacement = word;
            boolean ownScript = (lang == Lang.EN) != isCyrillic(word);
            if (ownScript && !keep.test(word.toLowerCase(java.util.Locale.ROOT)) && !index.writes(lang, word)
                    && unknownWithoutCloseSpelling(lang, word)) {
                replacement = index.spelledLike(lang, word).or(() -> parted(lang, word)).orElse(word);
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Whether the search can do nothing with this word: its stem is unknown (not a function word either),
     * and no close spelling of the stem is known ("баштаса" → "башта" is).
     */
    private boolean unknownWithoutCloseSpelling(Lang lang, String word) {
        List<String> terms = analysis.terms(SearchField.coverageFieldFor(lang), word);
        return !terms.isEmpty() && terms.stream().noneMatch(term -> index.known(lang, term))
                && terms.stream().allMatch(term -> index.neighbours(lang, term).isEmpty());
    }

    /**
     * How many of a text's words the knowledge of a language knows, function words included, with one
     * analysis of the whole text: telling English from transliterated Russian costs no more than that.
     */
    public int knownWords(Lang lang, String text, int words) {
        List<String> terms = analysis.terms(SearchField.coverageFieldFor(lang), text);
        int functionWords = Math.max(0, words - terms.size());
        return functionWords + (int) terms.stream().filter(term -> index.known(lang, term)).count();
    }

    private static boolean isCyrillic(String word) {
        return word.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC);
    }

    private java.util.Optional<String> parted(Lang lang, String word) {
        if (word.length() < MIN_GLUED_LENGTH) {
            return java.util.Optional.empty();
        }
        for (int cut = word.length() / 2, step = 0; step < word.length(); step++) {
            int at = cut + (step % 2 == 0 ? step / 2 : -(step / 2 + 1));
            if (at < MIN_PART_LENGTH || word.length() - at < MIN_PART_LENGTH) {
                continue;
            }
            String left = word.substring(0, at);
            String right = word.substring(at);
            if (index.writes(lang, left) && index.writes(lang, right)) {
                return java.util.Optional.of(left + " " + right);
            }
        }
        return java.util.Optional.empty();
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

    /**
     * Answers a message of a conversation whose last answer was {@code lastTopic} (or null). A follow-up
     * that names no subject of its own ("а сколько это стоит?", "who is it for?", "а минусы?") is answered
     * from the last topic, and only with the part of it that was asked; a question that names another
     * topic's words gets that topic. The question is searched in {@code searchLang}, answered in {@code replyLang}.
     */
    public Answer answer(String question, String asTyped, Lang searchLang, Lang replyLang, String lastTopic) {
        String text = question == null ? "" : question.strip();
        if (text.isEmpty()) {
            return decline(replyLang, "empty_question");
        }
        Explanation explanation = withUnknownWordsOf(explain(text, searchLang), asTyped, searchLang);
        if (lastTopic != null && knowledge.topic(lastTopic, replyLang).isPresent()) {
            Optional<Candidate> named = namedSubject(explanation, lastTopic, searchLang);
            String answered = named.map(Candidate::topicId)
                    .orElse(followsUp(explanation, lastTopic, searchLang) ? lastTopic : null);
            if (answered != null) {
                Topic topic = knowledge.topic(answered, replyLang).orElseThrow();
                String part = replyLang == searchLang ? part(topic, explanation.contentTerms(), searchLang) : topic.body();
                return new Answer(replyLang, true, topic.id(), coverage(answered, explanation, searchLang), part, true);
            }
        }
        Optional<Candidate> chosen = best(text, explanation, searchLang);
        if (chosen.isEmpty()) {
            return decline(replyLang, "decline");
        }
        Candidate best = chosen.get();
        Topic topic = knowledge.topic(best.topicId(), replyLang).orElseThrow();
        return new Answer(replyLang, true, topic.id(), best.coverage(), topic.body(),
                best.coverage() >= tuning.sureCoverage());
    }

    /**
     * The explanation of the message with its spelling put right, but with the unknown words of the message
     * as typed: a word "put right" into one the knowledge knows may have been a real word of another
     * subject, and only the words as typed tell that.
     */
    private Explanation withUnknownWordsOf(Explanation corrected, String asTyped, Lang lang) {
        if (asTyped == null || asTyped.isBlank()) {
            return corrected;
        }
        Set<String> typed = contentTerms(asTyped, lang);
        if (typed.equals(new LinkedHashSet<>(corrected.contentTerms()))) {
            return corrected;
        }
        List<String> unknown = typed.stream().filter(t -> !index.known(lang, t)).toList();
        return new Explanation(corrected.lang(), List.copyOf(typed), unknown, corrected.topicsWithTerm(),
                corrected.candidates());
    }

    /**
     * The topic to answer with, if one is good enough. A message that tells a story and then asks ("Мы
     * работаем с CMO три месяца... Это нормально?") is ranked twice, as a whole and by its question alone,
     * and the topic that does best on both together wins: the story says whose situation it is, the
     * question what they want to know.
     */
    private Optional<Candidate> best(String text, Explanation whole, Lang lang) {
        Optional<Candidate> top = whole.candidates().stream().findFirst().filter(c -> confident(c, whole));
        String asked = Sentences.question(text);
        if (asked.isEmpty() || asked.equals(text.strip())) {
            return top;
        }
        Explanation question = explain(asked, lang);
        java.util.Map<String, Double> combined = new java.util.HashMap<>();
        whole.candidates().forEach(c -> combined.merge(c.topicId(), c.rank(), Double::sum));
        question.candidates().forEach(c -> combined.merge(c.topicId(), QUESTION_WEIGHT * c.rank(), Double::sum));
        String winner = combined.entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                .map(java.util.Map.Entry::getKey).orElse(null);
        if (winner == null) {
            return top;
        }
        Optional<Candidate> inWhole = whole.candidates().stream().filter(c -> c.topicId().equals(winner)).findFirst();
        Optional<Candidate> inQuestion = question.candidates().stream().filter(c -> c.topicId().equals(winner)).findFirst();
        if (inWhole.isPresent() && confident(inWhole.get(), whole)) {
            return inWhole;
        }
        if (inQuestion.isPresent() && confident(inQuestion.get(), question)) {
            return inQuestion;
        }
        return top;
    }

    /**
     * A follow-up stays on the last topic unless the question names another topic's subject: a word of
     * that topic's title which the last topic's title lacks ("а ретейнер?" after the hourly model moves
     * on; "а сколько это стоит?" stays, as "стоит" names no topic). It also stays only while the last topic
     * covers the question about as well as the best other one.
     */
    private boolean followsUp(Explanation explanation, String lastTopic, Lang lang) {
        List<String> terms = explanation.contentTerms();
        // No words to go by ("ну", "😀", "4000"): repeating the last answer would answer nothing.
        if (terms.isEmpty() || terms.size() > FOLLOW_UP_MAX_TERMS) {
            return false;
        }
        // Words the knowledge does not know ("ремонт квартиры") are a question about something else.
        if ((double) explanation.unknownTerms().size() / terms.size() >= tuning.maxUnknownShare()) {
            return false;
        }
        double lastCoverage = coverage(lastTopic, explanation, lang);
        Candidate best = explanation.candidates().isEmpty() ? null : explanation.candidates().get(0);
        if (best == null || best.topicId().equals(lastTopic)) {
            return lastCoverage > 0 || terms.size() <= 2;
        }
        // A part the last topic names ("Баасы:", "Кому подходит:") is what the follow-up asks for.
        Set<String> parts = partLabels(lastTopic, lang);
        if (terms.stream().anyMatch(parts::contains)) {
            return true;
        }
        return lastCoverage >= FOLLOW_UP_MIN_COVERAGE || lastCoverage >= best.coverage() - FOLLOW_UP_COVERAGE_SLACK;
    }

    /**
     * The share of the question's words that the topic's title holds: "сколько стоит ретейнер" is about the
     * topic titled "Ретейнер", more than about the one that compares every model and names the retainer too.
     */
    private double titleShare(String topicId, Set<String> content, Lang lang) {
        if (content.isEmpty()) {
            return 0;
        }
        Set<String> title = titleTerms(topicId, lang);
        return (double) content.stream().filter(title::contains).count() / content.size();
    }

    /**
     * In a short follow-up, the topic whose subject it names instead of the last one's: a word of that topic's
     * title that the last topic's title lacks and that names no part ("а проектная модель сколько стоит?"
     * after the retainer: the project model, and then its price).
     */
    private Optional<Candidate> namedSubject(Explanation explanation, String lastTopic, Lang lang) {
        List<String> terms = explanation.contentTerms();
        if (terms.isEmpty() || terms.size() > FOLLOW_UP_MAX_TERMS) {
            return Optional.empty();
        }
        // A part's name names no subject, unless the last topic has no such part: "а сколько это стоит?"
        // after what a CMO is goes to the topic about the cost.
        Set<String> facets = new java.util.HashSet<>(facets(lang));
        facets.retainAll(partLabels(lastTopic, lang));
        Set<String> lastTitle = titleTerms(lastTopic, lang);
        Candidate best = null;
        double bestSpecificity = 0;
        for (Candidate candidate : explanation.candidates()) {
            if (candidate.topicId().equals(lastTopic) || !confident(candidate, explanation)) {
                continue;
            }
            Set<String> title = titleTerms(candidate.topicId(), lang);
            boolean names = terms.stream().anyMatch(t -> !facets.contains(t) && title.contains(t) && !lastTitle.contains(t));
            // Of the topics named, the one whose title is most about the words asked: "hourly model" is the
            // hourly model's whole title, and only a part of the title that lists every model.
            double specificity = (double) terms.stream().filter(title::contains).count() / Math.max(1, title.size());
            if (names && specificity > bestSpecificity) {
                best = candidate;
                bestSpecificity = specificity;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The labels of every topic's parts in a language: words that name a part, never a subject. */
    private Set<String> facets(Lang lang) {
        Set<String> known = facets.get(lang);
        if (known == null) {
            // Not inside computeIfAbsent: the labels of each topic are themselves computed into a map.
            // A part's name recurs across topics ("Стоимость", "Минусы" in every model); a label found in one or
            // two topics ("Ретейнер:" in the price list) names a subject.
            java.util.Map<String, Integer> topicsWithLabel = new java.util.HashMap<>();
            for (String id : knowledge.topicIds()) {
                partLabels(id, lang).forEach(label -> topicsWithLabel.merge(label, 1, Integer::sum));
            }
            known = topicsWithLabel.entrySet().stream().filter(e -> e.getValue() >= FACET_TOPICS)
                    .map(java.util.Map.Entry::getKey).collect(java.util.stream.Collectors.toUnmodifiableSet());
            facets.putIfAbsent(lang, known);
        }
        return known;
    }

    /** The analysed labels of a topic's list items: the parts a follow-up can ask for by name. */
    private Set<String> partLabels(String topicId, Lang lang) {
        return partLabels.computeIfAbsent(lang.code() + ":" + topicId, key -> knowledge.topic(topicId, lang)
                .map(t -> {
                    Set<String> labels = new java.util.HashSet<>();
                    List<String> passages = Passages.of(t.body());
                    // The first paragraph names the topic itself ("**Проектная модель**: ..."), not a part of it.
                    for (String passage : passages.subList(Math.min(1, passages.size()), passages.size())) {
                        labels.addAll(analysis.terms(SearchField.coverageFieldFor(lang), Passages.label(passage)));
                    }
                    return Set.copyOf(labels);
                })
                .orElse(Set.of()));
    }

    private Set<String> titleTerms(String topicId, Lang lang) {
        return titleTerms.computeIfAbsent(lang.code() + ":" + topicId, key -> knowledge.topic(topicId, lang)
                .map(t -> Set.copyOf(analysis.terms(SearchField.coverageFieldFor(lang), t.title())))
                .orElse(Set.of()));
    }

    private double coverage(String topicId, Explanation explanation, Lang lang) {
        Set<String> terms = index.topicTerms(topicId, lang);
        if (explanation.contentTerms().isEmpty()) {
            return 0;
        }
        double matched = 0;
        for (String term : explanation.contentTerms()) {
            matched += match(term, terms, index.known(lang, term) ? List.of() : index.neighbours(lang, term));
        }
        return matched / explanation.contentTerms().size();
    }

    /** A paragraph or list item of a topic, with its analysed terms and those of its label. */
    private record AnalysedPassage(String text, Set<String> terms, Set<String> label) {
    }

    private List<AnalysedPassage> analysedPassages(Topic topic, Lang lang) {
        return analysedPassages.computeIfAbsent(lang.code() + ":" + topic.lang().code() + ":" + topic.id(),
                key -> Passages.of(topic.body()).stream()
                        .map(text -> new AnalysedPassage(text,
                                Set.copyOf(analysis.terms(SearchField.coverageFieldFor(lang), text)),
                                Set.copyOf(analysis.terms(SearchField.coverageFieldFor(lang), Passages.label(text)))))
                        .toList());
    }

    /**
     * The paragraphs and list items of a topic that hold most of the question's terms, under the topic's
     * title when they are list items; the whole topic when none or all of them do.
     */
    private String part(Topic topic, List<String> questionTerms, Lang lang) {
        List<AnalysedPassage> passages = analysedPassages(topic, lang);
        // The topic's own subject ("ретейнер" in "сколько стоит ретейнер?") is in every part of it.
        Set<String> subject = titleTerms(topic.id(), lang);
        int best = 0;
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            AnalysedPassage passage = passages.get(i);
            int found = 0;
            for (String term : questionTerms) {
                if (subject.contains(term)) {
                    continue;
                }
                // A list item's label names the part ("Стоимость", "Кому подходит"): what a follow-up asks for.
                found += passage.label().contains(term) ? 2 : passage.terms().contains(term) ? 1 : 0;
            }
            if (found > best) {
                best = found;
                chosen.clear();
            }
            if (found == best && found > 0) {
                chosen.add(i);
            }
        }
        if (chosen.isEmpty() || chosen.size() == passages.size()) {
            return topic.body();
        }
        StringBuilder out = new StringBuilder();
        if (chosen.get(0) > 0) {
            out.append(knowledge.messages().get("part_intro", topic.lang()).replace("{title}", topic.title())).append('\n');
        }
        for (int i : chosen) {
            out.append(passages.get(i).text()).append('\n');
        }
        return out.toString().strip();
    }

    public Explanation explain(String question, Lang lang) {
        List<String> analysed = analysis.terms(SearchField.coverageFieldFor(lang), question);
        Set<String> content = contentTerms(analysed);
        List<String> unknown = content.stream().filter(t -> !index.known(lang, t)).toList();
        List<TopicIndex.Hit> hits = index.search(question, lang, CANDIDATES, analysed);
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
            double rank = tuning.coverageWeight() * coverage + (1 - tuning.coverageWeight()) * hit.score() / top
                    + TITLE_WEIGHT * titleShare(hit.topicId(), content, lang);
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
        if (unknownShare >= tuning.maxUnknownShare()) {
            return false;
        }
        // A long message tells about the business before it asks: most of its words are the prospect's own
        // story, so a share of them says little; a topic that holds several of them is the answer.
        if (terms >= LONG_MESSAGE_TERMS && best.matched() >= LONG_MESSAGE_MATCHED) {
            return true;
        }
        return best.coverage() >= tuning.minCoverage();
    }

    private Answer decline(Lang lang, String messageKey) {
        return new Answer(lang, false, null, 0, knowledge.messages().get(messageKey, lang), false);
    }

    /** The question's meaningful terms: analyzed (so stemmed, synonyms merged, function words gone), no bare numbers. */
    private Set<String> contentTerms(String question, Lang lang) {
        return contentTerms(analysis.terms(SearchField.coverageFieldFor(lang), question));
    }

    private static Set<String> contentTerms(List<String> analysed) {
        Set<String> terms = new LinkedHashSet<>();
        for (String term : analysed) {
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
