package cmoadvisor.knowledge;

import java.time.Duration;

/**
 * How the agency desk runs, from {@code desk.yaml}: the working hours, and when someone is reminded.
 *
 * @param leadNotTaken     a lead nobody took for this much working time is announced in the group again (N)
 * @param leadStillNotTaken and after this much more, the admins get it privately (M)
 * @param messageUnanswered a prospect's message the agency has not answered for this long gets a reminder in the group (K)
 * @param prospectStopped  a prospect who stopped in the quiz or at the phone step is reminded once after this
 *                         (wall-clock time, not working time); {@link Duration#ZERO} turns it off
 */
public record DeskSettings(WorkingHours hours, Duration leadNotTaken, Duration leadStillNotTaken,
                           Duration messageUnanswered, Duration prospectStopped) {
    public static final DeskSettings DEFAULT = new DeskSettings(WorkingHours.DEFAULT, Duration.ofMinutes(30),
            Duration.ofMinutes(60), Duration.ofMinutes(60), Duration.ofHours(24));

    public boolean remindsStoppedProspects() {
        return !prospectStopped.isZero();
    }
}
