package cmoadvisor.knowledge;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Everything loaded from the knowledge folder, validated and immutable. A reload builds a new instance
 * instead of changing this one, so a reader never sees a half-updated knowledge base.
 */
public final class KnowledgeBase {
    private final Map<Lang, Map<String, Topic>> topics;
    private final Set<String> ids;
    private final Pricing pricing;
    private final Messages messages;
    private final List<SynonymRule> synonymRules;
    private final Quiz quiz;
    private final FollowUps followUps;
    private final Dialogue dialogue;
    private final DeskSettings desk;

    public KnowledgeBase(Collection<Topic> allTopics, Pricing pricing, Messages messages, List<SynonymRule> synonymRules,
                         Quiz quiz, FollowUps followUps, Dialogue dialogue, DeskSettings desk) {
        Map<Lang, Map<String, Topic>> byLang = new EnumMap<>(Lang.class);
        for (Lang lang : Lang.values()) {
            byLang.put(lang, new LinkedHashMap<>());
        }
        for (Topic topic : allTopics) {
            byLang.get(topic.lang()).put(topic.id(), topic);
        }
        byLang.replaceAll((lang, map) -> Map.copyOf(map));
        this.topics = byLang;
        Set<String> all = new TreeSet<>();
        byLang.values().forEach(byId -> all.addAll(byId.keySet()));
        this.ids = java.util.Collections.unmodifiableSet(all);
        this.pricing = pricing;
        this.messages = messages;
        this.synonymRules = List.copyOf(synonymRules);
        this.quiz = quiz;
        this.followUps = followUps;
        this.dialogue = dialogue;
        this.desk = desk;
    }

    /** Working hours and reminders of the agency desk. */
    public DeskSettings desk() {
        return desk;
    }

    public Dialogue dialogue() {
        return dialogue;
    }

    public FollowUps followUps() {
        return followUps;
    }

    public Quiz quiz() {
        return quiz;
    }

    /** Topic ids, in a stable order: every topic written in any language. */
    public Set<String> topicIds() {
        return ids;
    }

    /** The topics written in this language, without those served in it from another. */
    public Collection<Topic> topics(Lang lang) {
        return topics.get(lang).values();
    }

    /**
     * The topic in the wanted language, or, when it has no text in it yet, in the nearest language it has
     * ({@link Lang#fallbacks}): a topic the agency wrote in Russian first is served to every reader.
     */
    public Optional<Topic> topic(String id, Lang lang) {
        return Stream.concat(Stream.of(lang), lang.fallbacks().stream())
                .map(l -> topics.get(l).get(id))
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    /** Per topic id, the languages it has no text in yet (served from another, for the admins to fill in). */
    public Map<String, List<Lang>> missingLanguages() {
        Map<String, List<Lang>> missing = new java.util.TreeMap<>();
        for (String id : topicIds()) {
            List<Lang> lacking = java.util.Arrays.stream(Lang.values()).filter(l -> !topics.get(l).containsKey(id)).toList();
            if (!lacking.isEmpty()) {
                missing.put(id, lacking);
            }
        }
        return missing;
    }

    public Pricing pricing() {
        return pricing;
    }

    public Messages messages() {
        return messages;
    }

    public List<SynonymRule> synonymRules() {
        return synonymRules;
    }
}
