package cmoadvisor.knowledge;

import com.fasterxml.jackson.core.type.TypeReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads and validates a knowledge folder:
 * <pre>
 *   ky/*.md  ru/*.md  en/*.md   one topic a file, named after its id; a topic may be written in one
 *                              language first and is served from it in the others (Lang.fallbacks)
 *   pricing.yaml               models and in-house costs as data
 *   quiz.yaml                  the readiness quiz
 *   messages.yaml              the bot's own phrases
 *   followups.yaml             buttons offered under each answer
 *   synonyms.txt               words that mean the same to the search
 *   desk.yaml                  the agency's working hours and reminders (optional)
 *   dialogue.yaml              small talk, typed requests, yes/no, and the cues of amounts and agency questions
 * </pre>
 * Either everything is valid and a {@link KnowledgeBase} comes back, or a {@link KnowledgeException}
 * lists every problem found, so that a broken edit never half-replaces good knowledge.
 */
public final class KnowledgeLoader {
    /** Telegram's limit is 4 096; the rest is room for the HTML markup and buttons' captions. */
    public static final int MAX_BODY_CHARS = 3500;
    /** Answers longer than this read badly in a chat; a warning, not an error. */
    public static final int COMFORTABLE_BODY_CHARS = 900;

    private static final Logger log = LoggerFactory.getLogger(KnowledgeLoader.class);
    private static final String SYNONYMS = "synonyms.txt";

    private final YamlReader yaml = new YamlReader();
    private final TopicFileParser topicParser = new TopicFileParser(MAX_BODY_CHARS, yaml);
    private final PricingParser pricingParser = new PricingParser(yaml);

    public KnowledgeBase load(Path dir) {
        List<KnowledgeError> errors = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new KnowledgeException(List.of(KnowledgeError.of(dir, 0, Problem.FOLDER_MISSING)));
        }
        List<Topic> topics = new ArrayList<>();
        for (Lang lang : Lang.values()) {
            topics.addAll(loadTopics(dir.resolve(lang.code()), lang, errors));
        }
        if (topics.isEmpty() && errors.isEmpty()) {
            errors.add(KnowledgeError.of(dir, 0, Problem.NO_TOPICS));
        }

        Pricing pricing = null;
        String pricingText = read(dir.resolve("pricing.yaml"), errors);
        if (pricingText != null) {
            PricingParser.Result result = pricingParser.parse(dir.resolve("pricing.yaml"), pricingText);
            errors.addAll(result.errors());
            pricing = result.pricing();
        }
        Quiz quiz = null;
        String quizText = read(dir.resolve("quiz.yaml"), errors);
        if (quizText != null) {
            QuizParser.Result result = new QuizParser(yaml).parse(dir.resolve("quiz.yaml"), quizText);
            errors.addAll(result.errors());
            quiz = result.quiz();
        }
        Messages messages = loadMessages(dir.resolve("messages.yaml"), errors);
        FollowUps followUps = loadFollowUps(dir.resolve("followups.yaml"), topics, errors);
        List<SynonymRule> synonyms = loadSynonyms(dir, errors);
        Dialogue dialogue = null;
        String dialogueText = read(dir.resolve("dialogue.yaml"), errors);
        if (dialogueText != null) {
            Set<String> ids = new TreeSet<>();
            topics.forEach(t -> ids.add(t.id()));
            Set<String> questionIds = new TreeSet<>();
            if (quiz != null) {
                quiz.questions().forEach(q -> questionIds.add(q.id()));
            }
            DialogueParser.Result result = new DialogueParser(yaml).parse(dir.resolve("dialogue.yaml"), dialogueText, ids,
                    questionIds);
            errors.addAll(result.errors());
            dialogue = result.dialogue();
        }

        DeskSettings desk = loadDesk(dir.resolve("desk.yaml"), errors);

        if (!errors.isEmpty()) {
            // Named as the admin knows them, inside the folder: an upload is checked in a scratch copy.
            throw new KnowledgeException(dir, errors.stream().map(e -> e.within(dir)).toList());
        }
        KnowledgeBase knowledge = new KnowledgeBase(topics, pricing, messages, synonyms, quiz, followUps, dialogue, desk);
        if (!knowledge.missingLanguages().isEmpty()) {
            log.warn("topics not yet in every language, served from the nearest one they have: {}", knowledge.missingLanguages());
        }
        return knowledge;
    }

    /**
     * Just the synonym rules, without validating the rest: lets the analyzers be built while the rest of
     * the folder loads. Problems are left for {@link #load} to report.
     */
    public List<SynonymRule> synonymRules(Path dir) {
        return loadSynonyms(dir, new ArrayList<>());
    }

    /** desk.yaml is optional: without it the desk keeps {@link DeskSettings#DEFAULT}. */
    private DeskSettings loadDesk(Path file, List<KnowledgeError> errors) {
        if (!Files.exists(file)) {
            return DeskSettings.DEFAULT;
        }
        String text = read(file, errors);
        if (text == null) {
            return DeskSettings.DEFAULT;
        }
        DeskSettingsParser.Result result = new DeskSettingsParser(yaml).parse(file, text);
        errors.addAll(result.errors());
        return result.settings();
    }

    private List<Topic> loadTopics(Path langDir, Lang lang, List<KnowledgeError> errors) {
        if (!Files.isDirectory(langDir)) {
            // A language may have no topics yet: they are served from another (see Lang.fallbacks).
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(langDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            errors.add(KnowledgeError.of(langDir, 0, Problem.CANNOT_LIST, "detail", why(e)));
            return List.of();
        }
        List<Topic> topics = new ArrayList<>();
        for (Path file : files) {
            String text = read(file, errors);
            if (text == null) {
                continue;
            }
            TopicFileParser.Result result = topicParser.parse(file, lang, text);
            errors.addAll(result.errors());
            if (result.topic() != null) {
                topics.add(result.topic());
                if (result.topic().body().length() > COMFORTABLE_BODY_CHARS) {
                    log.warn("{}: the answer has {} characters; under {} reads better in a chat",
                            file, result.topic().body().length(), COMFORTABLE_BODY_CHARS);
                }
            }
        }
        return topics;
    }

    private Messages loadMessages(Path file, List<KnowledgeError> errors) {
        String text = read(file, errors);
        if (text == null) {
            return null;
        }
        YamlReader.Read<Map<String, Localized>> read = yaml.read(file, text, new TypeReference<Map<String, Localized>>() { });
        if (read.error() != null) {
            errors.add(read.error());
            return null;
        }
        Map<String, Localized> texts = read.value();
        if (texts == null) {
            errors.add(KnowledgeError.of(file, 0, Problem.FILE_EMPTY));
            return null;
        }
        for (String key : Messages.REQUIRED) {
            Localized value = texts.get(key);
            if (value == null) {
                errors.add(new KnowledgeError(file, 0, "the message '" + key + "' is missing"));
            } else if (!value.missing().isEmpty()) {
                errors.add(new KnowledgeError(file, lineOf(text, key), "the message '" + key + "' lacks a text in "
                        + value.missing()));
            }
        }
        for (Map.Entry<String, Localized> entry : texts.entrySet()) {
            for (Lang lang : Lang.values()) {
                String message = entry.getValue() == null ? null : entry.getValue().in(lang);
                if (message != null) {
                    cmoadvisor.text.TelegramHtml.problem(message).ifPresent(problem -> errors.add(new KnowledgeError(file,
                            lineOf(text, entry.getKey()), "the message '" + entry.getKey() + "' (" + lang.code()
                            + ") would be refused by Telegram: " + problem)));
                }
            }
        }
        return new Messages(texts);
    }

    private FollowUps loadFollowUps(Path file, List<Topic> topics, List<KnowledgeError> errors) {
        if (!Files.exists(file)) {
            return new FollowUps(Map.of(), List.of(FollowUps.Action.HUMAN));
        }
        String text = read(file, errors);
        if (text == null) {
            return null;
        }
        YamlReader.Read<Map<String, List<String>>> read = yaml.read(file, text, new TypeReference<Map<String, List<String>>>() { });
        if (read.error() != null) {
            errors.add(read.error());
            return null;
        }
        Map<String, List<String>> raw = read.value();
        Set<String> ids = new TreeSet<>();
        topics.forEach(t -> ids.add(t.id()));
        Map<String, List<FollowUps.Action>> byTopic = new java.util.HashMap<>();
        List<FollowUps.Action> fallback = List.of(FollowUps.Action.HUMAN);
        for (Map.Entry<String, List<String>> entry : (raw == null ? Map.<String, List<String>>of() : raw).entrySet()) {
            int line = lineOf(text, entry.getKey());
            List<FollowUps.Action> actions = new ArrayList<>();
            for (String id : entry.getValue() == null ? List.<String>of() : entry.getValue()) {
                FollowUps.Action.of(id).ifPresentOrElse(actions::add, () -> errors.add(new KnowledgeError(file, line,
                        "unknown action '" + id + "' (allowed: quiz, prices, calculator, human)")));
            }
            if (entry.getKey().equals("default")) {
                fallback = actions;
            } else if (!ids.contains(entry.getKey())) {
                errors.add(new KnowledgeError(file, line, "no topic has the id '" + entry.getKey() + "'"));
            } else {
                byTopic.put(entry.getKey(), actions);
            }
        }
        return new FollowUps(byTopic, fallback);
    }

    /** Solr synonym format: "a, b, c" (all mean the same; the first is what the index keeps) or "a, b => c". */
    private static List<SynonymRule> loadSynonyms(Path dir, List<KnowledgeError> errors) {
        Path file = dir.resolve(SYNONYMS);
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = read(file, errors);
        if (text == null) {
            return List.of();
        }
        List<SynonymRule> rules = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] sides = line.split("=>", -1);
            boolean valid = sides.length <= 2
                    && Stream.of(sides).allMatch(side -> Stream.of(side.split(",", -1)).noneMatch(String::isBlank))
                    && (sides.length == 2 || line.contains(","));
            if (!valid) {
                errors.add(new KnowledgeError(file, i + 1,
                        "a rule is 'word, synonym, ...' or 'word, ... => replacement' with no empty items"));
            } else {
                // Named inside the folder: the analyzers report a rule they cannot take long after loading.
                rules.add(new SynonymRule(Path.of(SYNONYMS), i + 1, line));
            }
        }
        return rules;
    }

    private static int lineOf(String text, String key) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(key + ":")) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String read(Path file, List<KnowledgeError> errors) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            errors.add(KnowledgeError.of(file, 0, Problem.FILE_MISSING));
            return null;
        } catch (IOException e) {
            errors.add(KnowledgeError.of(file, 0, Problem.CANNOT_READ, "detail", why(e)));
            return null;
        }
        if (text.indexOf('\uFFFD') >= 0) {
            errors.add(KnowledgeError.of(file, 0, Problem.NOT_UTF8));
            return null;
        }
        return text;
    }

    /**
     * Why a file could not be read, without its path: the error names the file already, as the admin knows
     * it, and the path a file-system error carries may be an upload's scratch copy.
     */
    private static String why(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
        }
        return String.valueOf(e.getMessage());
    }
}
