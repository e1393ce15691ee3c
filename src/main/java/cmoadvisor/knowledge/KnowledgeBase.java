package cmoadvisor.knowledge;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything loaded from the knowledge folder, validated and immutable. A reload builds a new instance
 * instead of changing this one, so a reader never sees a half-updated knowledge base.
 */
public final class KnowledgeBase {
    private final Map<Lang, Map<String, Topic>> topics;
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

    /** Topic ids, in a stable order; Kyrgyz is primary, so its ids are the full set. */
    public Set<String> topicIds() {
        return new TreeSet<>(topics.get(Lang.PRIMARY).keySet());
    }

    public Collection<Topic> topics(Lang lang) {
        return topics.get(lang).values();
    }

    /** The topic in the wanted language, or the Kyrgyz original when it has no translation yet. */
    public Optional<Topic> topic(String id, Lang lang) {
        Topic topic = topics.get(lang).get(id);
        return Optional.ofNullable(topic != null ? topic : topics.get(Lang.PRIMARY).get(id));
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
