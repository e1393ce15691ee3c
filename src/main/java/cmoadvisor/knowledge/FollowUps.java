package cmoadvisor.knowledge;

import java.util.List;
import java.util.Map;

/** Which buttons go under an answer, per topic ({@code knowledge/followups.yaml}). */
public final class FollowUps {
    /** What a follow-up button does; the ids are what admins write in followups.yaml. */
    public enum Action {
        QUIZ("quiz"), PRICES("prices"), CALCULATOR("calculator"), HUMAN("human");

        public final String id;

        Action(String id) {
            this.id = id;
        }

        public static java.util.Optional<Action> of(String id) {
            return java.util.Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
        }
    }

    private final Map<String, List<Action>> byTopic;
    private final List<Action> fallback;

    public FollowUps(Map<String, List<Action>> byTopic, List<Action> fallback) {
        this.byTopic = Map.copyOf(byTopic);
        this.fallback = List.copyOf(fallback);
    }

    public List<Action> forTopic(String topicId) {
        return byTopic.getOrDefault(topicId, fallback);
    }
}
