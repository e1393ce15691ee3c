package cmoadvisor.understanding;

import cmoadvisor.knowledge.Dialogue;
import cmoadvisor.knowledge.Dialogue.AmountKind;
import cmoadvisor.knowledge.DialogueAct;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Topic;
import cmoadvisor.search.AnswerEngine;
import cmoadvisor.search.StopWords;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The understanding step in front of the dialogue policy (as Rasa keeps NLU apart from the policy): turns
 * a message into its language, its content in the script the knowledge is written in, its dialogue acts,
 * the amounts it names and what they are about, and whether it asks about the agency itself or about
 * something else entirely. It knows nothing of sessions or flows; the policy brings the context.
 * Immutable and thread-safe; built with the knowledge it reads its examples and cues from.
 */
public final class Understander {
    private static final Pattern KAZAKH_LETTERS = Pattern.compile("[әғқұһіӘҒҚҰҺІ]");
    /** Bare numbers below this, with no currency, count things ("7 точек", "80 сотрудников"), not money. */
    private static final double MIN_BARE_AMOUNT = 100;
    private static final int SHORT_REQUEST_WORDS = 4;
    /** Words that turn a sign around: "хаоса нет", "no chaos", "хаос жок". */
    private static final Set<String> NEGATIONS = Set.of("нет", "не", "без", "no", "not", "without", "жок", "эмес");
    /** Beyond this no amount a prospect means is money: a typo, or a test. */
    private static final double MAX_AMOUNT = 1e12;
    private static final Pattern MULTIPLIER_WORD = Pattern.compile(
            "k|к|тыс\\.?|тысяч\\p{L}*|миң|m|м|млн\\.?|миллион\\p{L}*|million|mln|млрд\\.?|миллиард\\p{L}*|billion|bn");
    private static final Pattern NEXT_WORD = Pattern.compile("^[ \\u00a0]+([\\p{L}][\\p{L}'’-]*)");
    private static final Pattern YEAR_BEFORE = Pattern.compile("(?:^|\\s)(с|в|since|in|from|до|by|жылы|жылдан)\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern YEAR_AFTER = Pattern.compile("^\\s*(год|г\\.|жыл|year)", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern PERIOD_AFTER = Pattern.compile("^\\s*([-–—]\\s*\\d+\\s*)?(месяц|мес|ай|month|год|лет|жыл|year|недел|week|дн|day|күн)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final AnswerEngine answers;
    private final ActClassifier acts;
    private final Transliteration latin;
    private final Map<AmountKind, Cues> amountCues = new EnumMap<>(AmountKind.class);
    private final Pattern hours;
    private final Pattern days;
    private final Cues agencyStrong;
    private final Cues agencyWeak;
    private final Cues addressee;
    private final Cues offTopicSubjects;
    private final Cues anchors;
    private final Set<String> functionWords = StopWords.all();
    private final Map<String, Cues> signCues = new java.util.LinkedHashMap<>();
    private final List<Map.Entry<Pattern, String>> kazakhWords;
    private final List<City> cities;

    private record City(String name, Cues cues) {
    }

    /** Words of the act examples: "кандайсыз" is small talk, not a misspelt "кандай". */
    private final Set<String> exampleWords = new HashSet<>();

    public Understander(AnswerEngine answers) {
        this.answers = answers;
        KnowledgeBase knowledge = answers.knowledge();
        Dialogue dialogue = knowledge.dialogue();
        this.acts = new ActClassifier(dialogue, StopWords.all());
        dialogue.acts().values().forEach(act -> act.examples().values()
                .forEach(texts -> texts.forEach(text -> exampleWords.addAll(Words.of(text)))));
        this.latin = new Transliteration(latinWordsOfTheKnowledge(knowledge));
        dialogue.amountCues().forEach((kind, cues) -> amountCues.put(kind, new Cues(cues)));
        this.hours = unitPattern(dialogue.amountCues().get(AmountKind.HOURS));
        this.days = unitPattern(dialogue.amountCues().get(AmountKind.DAYS));
        this.agencyStrong = new Cues(dialogue.agency().strong());
        this.agencyWeak = new Cues(dialogue.agency().weak());
        this.addressee = new Cues(dialogue.agency().addressee());
        this.offTopicSubjects = new Cues(dialogue.offTopic().subjects());
        this.anchors = new Cues(dialogue.offTopic().anchors());
        dialogue.signCues().forEach((question, cues) -> signCues.put(question, new Cues(cues)));
        this.kazakhWords = dialogue.kazakhWords().entrySet().stream()
                .sorted((a, b) -> b.getKey().length() - a.getKey().length())
                .map(e -> Map.entry(Pattern.compile("(?<!\\p{L})" + Pattern.quote(e.getKey()) + "(?!\\p{L})",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), e.getValue()))
                .toList();
        this.cities = dialogue.cities().stream().map(c -> new City(c, new Cues(List.of(c.toLowerCase(java.util.Locale.ROOT))))).toList();
    }

    /** @param conversationLang the language of the chat so far, kept when the message shows none */
    public Understanding understand(String message, Lang conversationLang) {
        String typed = message == null ? "" : message.strip();
        boolean kazakh = KAZAKH_LETTERS.matcher(typed).find();
        String primary = kazakh ? foldKazakh(inKyrgyz(typed)) : typed;
        String variant = null;
        if (!kazakh && hasLatinToTransliterate(typed)) {
            List<String> latinWords = Words.of(typed);
            int english = answers.knownWords(Lang.EN, typed, latinWords.size());
            boolean clearlyEnglish = english * 2 >= latinWords.size();
            // A short message is also tried in Cyrillic for its acts ("privet", "rahmat"); a long English one
            // needs no transliteration at all.
            if (!clearlyEnglish || latinWords.size() <= SHORT_REQUEST_WORDS) {
                String cyrillic = latin.toCyrillic(typed);
                if (!clearlyEnglish && readsBetterInCyrillic(typed, cyrillic, english)) {
                    primary = cyrillic;
                    variant = typed;
                } else {
                    variant = cyrillic;
                }
            }
        }
        Lang typedIn = kazakh ? Lang.KY : answers.detectLanguage(primary, conversationLang);
        String corrected = answers.correctSpelling(primary, typedIn, exampleWords::contains);
        ActClassifier.Result classified = acts.classify(corrected, variant);
        String content = String.join(" ", classified.content()).strip();
        // Words put right help the search find the topic; the words as typed still tell when a question is
        // about something the knowledge does not know ("ремонт квартиры" is no misspelt "картины").
        String typedContent = corrected.equals(primary) ? content
                : String.join(" ", acts.classify(primary, variant).content()).strip();
        Optional<Lang> lang = kazakh ? Optional.of(Lang.RU) : language(content, classified, conversationLang);
        Lang searchLang = kazakh ? Lang.KY : content.isEmpty() || content.equals(corrected) ? typedIn
                : answers.detectLanguage(content, lang.orElse(conversationLang));

        List<String> words = new ArrayList<>(Words.of(typed));
        if (!primary.equals(typed)) {
            words.addAll(Words.of(primary));
        }
        List<Money.Amount> money = money(typed);
        Optional<Integer> hourCount = firstNumber(hours, typed);
        Optional<Integer> dayCount = firstNumber(days, typed);
        Optional<AmountKind> kind = money.isEmpty() && hourCount.isEmpty() ? Optional.empty() : moneyKind(words);
        boolean agencyFact = agencyStrong.foundIn(words);
        boolean agencyMaybe = !agencyFact && agencyWeak.foundIn(words) && addressee.foundIn(words);
        boolean perYear = !money.isEmpty() && amountCues.get(AmountKind.PER_YEAR).foundIn(words);
        boolean offTopic = offTopicSubjects.foundIn(words) && !anchors.foundIn(words);
        Set<String> signs = new java.util.TreeSet<>();
        List<String> typedWords = Words.of(primary);
        signCues.forEach((question, cues) -> {
            if (cues.foundUnnegatedIn(typedWords, NEGATIONS)) {
                signs.add(question);
            }
        });
        Optional<String> city = cities.stream().filter(c -> c.cues().foundIn(words)).map(City::name).findFirst();
        return new Understanding(typed, lang, searchLang, content, typedContent, classified.acts().keySet(), money, kind, hourCount,
                dayCount, perYear, agencyFact, agencyMaybe, offTopic, kazakh, signs, city);
    }

    /**
     * The language to answer in. A message with content is in the language of its words; small talk alone
     * ("ok", "спасибо") keeps the chat's language when its words exist in it, else takes theirs.
     */
    private Optional<Lang> language(String content, ActClassifier.Result classified, Lang conversationLang) {
        Set<Lang> langs = classified.acts().values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        boolean shortRequest = !langs.isEmpty() && content.split("\\s+").length <= SHORT_REQUEST_WORDS;
        List<String> contentWords = Words.of(content);
        if (!contentWords.isEmpty() && contentWords.stream().allMatch(latin::keepsInLatin)) {
            // "CMO?", "KPI": words every language of the knowledge writes alike say nothing of the language.
            return Optional.empty();
        }
        if (!content.isEmpty() && !shortRequest) {
            boolean hasLetters = content.chars().anyMatch(Character::isLetter);
            return hasLetters ? Optional.of(answers.detectLanguage(content, conversationLang)) : Optional.empty();
        }
        // Small talk, or a short typed request ("тестти баштайлы"): the language of the examples it matched.
        if (langs.isEmpty() || langs.contains(conversationLang)) {
            return Optional.empty();
        }
        for (Lang preferred : List.of(Lang.RU, Lang.KY, Lang.EN)) {
            if (langs.contains(preferred)) {
                return Optional.of(preferred);
            }
        }
        return Optional.empty();
    }

    private boolean hasLatinToTransliterate(String text) {
        boolean cyrillic = false;
        boolean latinWord = false;
        for (String word : Words.of(text)) {
            cyrillic |= Words.isCyrillic(word);
            latinWord |= Words.isLatin(word);
        }
        // Latin words among Cyrillic ones are English terms ("у нас нет marketing strategy"): synonyms map them.
        return latinWord && !cyrillic;
    }

    /** Whether more of the words are known to the knowledge as Russian or Kyrgyz than as English. */
    private boolean readsBetterInCyrillic(String typed, String cyrillic, int englishWords) {
        List<String> latinWords = Words.of(typed);
        List<String> cyrillicWords = Words.of(cyrillic);
        if (latinWords.size() != cyrillicWords.size()) {
            return false;
        }
        Lang cyrillicLang = answers.detectLanguage(cyrillic, Lang.RU);
        int other = 0;
        for (int i = 0; i < latinWords.size(); i++) {
            String word = latinWords.get(i);
            if (Words.isLatin(word) && !word.equals(cyrillicWords.get(i)) && answers.knowsWord(cyrillicLang, cyrillicWords.get(i))) {
                other++;
            }
        }
        return other > englishWords;
    }

    private Optional<AmountKind> moneyKind(List<String> words) {
        if (amountCues.get(AmountKind.TURNOVER).foundIn(words)) {
            return Optional.of(AmountKind.TURNOVER);
        }
        if (amountCues.get(AmountKind.IN_HOUSE_TOTAL).foundIn(words)) {
            return Optional.of(AmountKind.IN_HOUSE_TOTAL);
        }
        if (amountCues.get(AmountKind.SALARY).foundIn(words)
                || amountCues.get(AmountKind.IN_HOUSE).foundIn(words) && amountCues.get(AmountKind.PAY).foundIn(words)) {
            return Optional.of(AmountKind.SALARY);
        }
        if (amountCues.get(AmountKind.COST_ITEM).foundIn(words)) {
            return Optional.of(AmountKind.COST_ITEM);
        }
        if (amountCues.get(AmountKind.BUDGET).foundIn(words)) {
            return Optional.of(AmountKind.BUDGET);
        }
        return Optional.empty();
    }

    /** Amounts of money: numbers of hours, days, months and counts of things left out. */
    private List<Money.Amount> money(String text) {
        List<Money.Amount> money = new ArrayList<>();
        if (text.chars().noneMatch(Character::isDigit)) {
            return money;
        }
        Set<Integer> unitStarts = new HashSet<>();
        for (Pattern unit : List.of(hours, days)) {
            Matcher m = unit.matcher(text);
            while (m.find()) {
                unitStarts.add(m.start());
            }
        }
        for (Money.Amount amount : Money.all(text)) {
            if (unitStarts.contains(amount.start())) {
                continue;
            }
            boolean bare = amount.currency() == Money.Currency.UNKNOWN;
            String after = text.substring(Math.min(text.length(), amountEnd(text, amount)));
            String before = text.substring(0, amount.start());
            if (amount.value() > MAX_AMOUNT || bare && (amount.value() < MIN_BARE_AMOUNT
                    || PERIOD_AFTER.matcher(after).find() || countsThings(after) || isYear(amount, before, after))) {
                continue;
            }
            money.add(amount);
        }
        return money;
    }

    /** "150 сотрудников", "7 точек": a bare number followed by a word that is not a function word counts things. */
    private boolean countsThings(String after) {
        Matcher m = NEXT_WORD.matcher(after);
        if (!m.find()) {
            return false;
        }
        String word = Words.normalise(m.group(1));
        return !functionWords.contains(word) && !MULTIPLIER_WORD.matcher(word).matches();
    }

    /** "с 2019", "в 2023 году", "since 2020": a year, not money. */
    private static boolean isYear(Money.Amount amount, String before, String after) {
        double v = amount.value();
        return v >= 1990 && v <= 2100 && v == Math.rint(v)
                && (YEAR_BEFORE.matcher(before).find() || YEAR_AFTER.matcher(after).find());
    }

    private static int amountEnd(String text, Money.Amount amount) {
        int i = amount.start();
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '$'
                || text.charAt(i) == ' ' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
            i++;
        }
        return i;
    }

    private static Optional<Integer> firstNumber(Pattern unit, String text) {
        if (text.chars().noneMatch(Character::isDigit)) {
            return Optional.empty();
        }
        Matcher m = unit.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Pattern unitPattern(List<String> cues) {
        String units = cues.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        return Pattern.compile("(?<![\\d.,])(\\d{1,4})(?:\\s*[-–—]\\s*\\d{1,4})?\\s*(?:" + units + ")",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Kazakh words that dialogue.yaml gives in Kyrgyz ("қанша" → "канча"), longest first. */
    private String inKyrgyz(String text) {
        String out = text;
        for (Map.Entry<Pattern, String> word : kazakhWords) {
            out = word.getKey().matcher(out).replaceAll(Matcher.quoteReplacement(word.getValue()));
        }
        return out;
    }

    /** Kazakh letters as the closest Kyrgyz ones, so that what is left meets the Kyrgyz words in the search. */
    private static String foldKazakh(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(switch (c) {
                case 'ә' -> 'а';
                case 'Ә' -> 'А';
                case 'ғ' -> 'г';
                case 'Ғ' -> 'Г';
                case 'қ' -> 'к';
                case 'Қ' -> 'К';
                case 'ұ' -> 'у';
                case 'Ұ' -> 'У';
                case 'һ' -> 'х';
                case 'Һ' -> 'Х';
                case 'і' -> 'и';
                case 'І' -> 'И';
                default -> c;
            });
        }
        return out.toString();
    }

    /** Words the Russian and Kyrgyz knowledge writes in Latin letters (CMO, KPI, roadmap): never transliterated. */
    private static Set<String> latinWordsOfTheKnowledge(KnowledgeBase knowledge) {
        Set<String> kept = new HashSet<>();
        for (Lang lang : List.of(Lang.KY, Lang.RU)) {
            for (Topic topic : knowledge.topics(lang)) {
                for (String word : Words.of(topic.title() + " " + topic.body() + " " + String.join(" ", topic.keywords()))) {
                    if (Words.isLatin(word)) {
                        kept.add(word);
                    }
                }
            }
        }
        return kept;
    }
}
