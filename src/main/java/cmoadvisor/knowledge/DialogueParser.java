package cmoadvisor.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks {@code dialogue.yaml}: every act, its examples in some language and its replies in all. */
final class DialogueParser {
    /** The values a reply may name; filled from pricing.yaml. */
    static final Set<String> PLACEHOLDERS = Set.of("hourly_rate", "hourly_hours", "retainer_price", "retainer_days",
            "project_price", "inhouse_total", "savings");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final int MAX_EXTRA_WORDS = 12;

    private final YamlReader yaml;

    DialogueParser(YamlReader yaml) {
        this.yaml = yaml;
    }

    record Result(Dialogue dialogue, List<KnowledgeError> errors) {
    }

    private record RawAct(@JsonProperty("max_extra_words") Integer maxExtraWords,
                          @JsonProperty("unless") List<String> unless,
                          @JsonProperty("examples") Map<String, List<String>> examples,
                          @JsonProperty("replies") Map<String, List<String>> replies) {
    }

    private record RawAgency(@JsonProperty("strong") List<String> strong, @JsonProperty("weak") List<String> weak,
                             @JsonProperty("addressee") List<String> addressee,
                             @JsonProperty("answered_by") List<String> answeredBy) {
    }

    private record RawOffTopic(@JsonProperty("subjects") List<String> subjects,
                               @JsonProperty("anchors") List<String> anchors) {
    }

    private record RawFile(@JsonProperty("acts") Map<String, RawAct> acts,
                           @JsonProperty("amount_cues") Map<String, List<String>> amountCues,
                           @JsonProperty("agency_cues") RawAgency agencyCues,
                           @JsonProperty("off_topic_cues") RawOffTopic offTopicCues,
                           @JsonProperty("sign_cues") Map<String, List<String>> signCues,
                           @JsonProperty("cities") List<String> cities,
                           @JsonProperty("kazakh_words") Map<String, String> kazakhWords) {
    }

    /** @param quizQuestionIds the ids of quiz.yaml's questions, which sign_cues must name */
    Result parse(Path file, String content, Set<String> topicIds, Set<String> quizQuestionIds) {
        YamlReader.Read<RawFile> read = yaml.read(file, content, RawFile.class);
        if (read.error() != null) {
            return new Result(null, List.of(read.error()));
        }
        RawFile raw = read.value();
        List<KnowledgeError> errors = new ArrayList<>();
        Map<DialogueAct, Dialogue.Act> acts = new EnumMap<>(DialogueAct.class);
        Map<String, RawAct> rawActs = raw.acts() == null ? Map.of() : raw.acts();
        for (String id : rawActs.keySet()) {
            if (DialogueAct.of(id).isEmpty()) {
                errors.add(new KnowledgeError(file, YamlLines.lineOfKey(content, id, 1, 0),
                        "unknown act '" + id + "'"));
            }
        }
        for (DialogueAct act : DialogueAct.values()) {
            RawAct rawAct = rawActs.get(act.id);
            int line = YamlLines.lineOfKey(content, act.id, 1, 0);
            if (rawAct == null) {
                errors.add(new KnowledgeError(file, 0, "the act '" + act.id + "' is missing"));
                continue;
            }
            Map<Lang, List<String>> examples = byLanguage(file, line, act.id + ".examples", rawAct.examples(), errors);
            if (examples.values().stream().allMatch(List::isEmpty)) {
                errors.add(new KnowledgeError(file, line, "the act '" + act.id + "' needs examples"));
            }
            Map<Lang, List<String>> replies = byLanguage(file, line, act.id + ".replies", rawAct.replies(), errors);
            if (act.hasReplies) {
                for (Lang lang : Lang.values()) {
                    if (replies.getOrDefault(lang, List.of()).isEmpty()) {
                        errors.add(new KnowledgeError(file, line, "the act '" + act.id + "' needs a reply in " + lang.code()));
                    }
                }
            }
            replies.values().forEach(list -> list.forEach(reply -> {
                checkPlaceholders(file, line, act.id, reply, errors);
                cmoadvisor.text.TelegramHtml.problem(reply).ifPresent(problem -> errors.add(new KnowledgeError(file, line,
                        act.id + ": a reply would be refused by Telegram: " + problem)));
            }));
            int extra = rawAct.maxExtraWords() == null ? 1 : rawAct.maxExtraWords();
            if (extra < 0 || extra > MAX_EXTRA_WORDS) {
                errors.add(new KnowledgeError(file, line, act.id + ": max_extra_words must be 0 to " + MAX_EXTRA_WORDS));
            }
            acts.put(act, new Dialogue.Act(examples, extra, cues(rawAct.unless()), replies));
        }
        Map<Dialogue.AmountKind, List<String>> amountCues = new EnumMap<>(Dialogue.AmountKind.class);
        Map<String, List<String>> rawCues = raw.amountCues() == null ? Map.of() : raw.amountCues();
        for (Dialogue.AmountKind kind : Dialogue.AmountKind.values()) {
            List<String> cues = cues(rawCues.get(kind.id));
            if (cues.isEmpty()) {
                errors.add(new KnowledgeError(file, YamlLines.lineOfKey(content, "amount_cues", 1, 0),
                        "amount_cues needs '" + kind.id + "' with at least one cue"));
            }
            amountCues.put(kind, cues);
        }
        RawAgency agency = raw.agencyCues() == null ? new RawAgency(null, null, null, null) : raw.agencyCues();
        for (String id : agency.answeredBy() == null ? List.<String>of() : agency.answeredBy()) {
            if (!topicIds.contains(id)) {
                errors.add(new KnowledgeError(file, YamlLines.lineOfKey(content, "answered_by", 1, 0),
                        "agency_cues.answered_by: no topic has the id '" + id + "'"));
            }
        }
        RawOffTopic offTopic = raw.offTopicCues() == null ? new RawOffTopic(null, null) : raw.offTopicCues();
        Map<String, List<String>> signCues = new java.util.LinkedHashMap<>();
        (raw.signCues() == null ? Map.<String, List<String>>of() : raw.signCues()).forEach((id, cues) -> {
            if (!quizQuestionIds.isEmpty() && !quizQuestionIds.contains(id)) {
                errors.add(new KnowledgeError(file, YamlLines.lineOfKey(content, id, 1, 0),
                        "sign_cues: quiz.yaml has no question '" + id + "'"));
            }
            signCues.put(id, cues(cues));
        });
        List<String> cities = raw.cities() == null ? List.of() : raw.cities().stream()
                .filter(c -> c != null && !c.isBlank()).map(String::strip).toList();
        Map<String, String> kazakh = new java.util.LinkedHashMap<>();
        (raw.kazakhWords() == null ? Map.<String, String>of() : raw.kazakhWords()).forEach((word, kyrgyz) -> {
            if (word == null || word.isBlank() || kyrgyz == null || kyrgyz.isBlank()) {
                errors.add(new KnowledgeError(file, YamlLines.lineOfKey(content, "kazakh_words", 1, 0),
                        "kazakh_words: every word needs its Kyrgyz form"));
            } else {
                kazakh.put(word.strip().toLowerCase(java.util.Locale.ROOT), kyrgyz.strip());
            }
        });
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new Dialogue(acts, amountCues,
                new Dialogue.AgencyCues(cues(agency.strong()), cues(agency.weak()), cues(agency.addressee()),
                        agency.answeredBy() == null ? List.of() : agency.answeredBy()),
                new Dialogue.OffTopicCues(cues(offTopic.subjects()), cues(offTopic.anchors())), signCues, cities, kazakh),
                List.of());
    }

    private static Map<Lang, List<String>> byLanguage(Path file, int line, String where, Map<String, List<String>> raw,
                                                      List<KnowledgeError> errors) {
        Map<Lang, List<String>> out = new EnumMap<>(Lang.class);
        if (raw == null) {
            return out;
        }
        raw.forEach((code, texts) -> Lang.fromCode(code).ifPresentOrElse(
                lang -> out.put(lang, texts == null ? List.of() : texts.stream()
                        .filter(t -> t != null && !t.isBlank()).map(String::strip).toList()),
                () -> errors.add(new KnowledgeError(file, line, where + ": unknown language '" + code + "'"))));
        return out;
    }

    private static void checkPlaceholders(Path file, int line, String act, String reply, List<KnowledgeError> errors) {
        Matcher m = PLACEHOLDER.matcher(reply);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                errors.add(new KnowledgeError(file, line, act + ": unknown placeholder {" + m.group(1)
                        + "} (allowed: " + String.join(", ", new java.util.TreeSet<>(PLACEHOLDERS)) + ")"));
            }
        }
    }

    private static List<String> cues(List<String> raw) {
        return raw == null ? List.of() : raw.stream().filter(c -> c != null && !c.isBlank())
                .map(c -> c.strip().toLowerCase(java.util.Locale.ROOT).replace('ё', 'е')).toList();
    }
}
