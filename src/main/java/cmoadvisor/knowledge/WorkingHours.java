package cmoadvisor.knowledge;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When the agency's people work, in their time zone: the days of the week, one span of hours, and days
 * off. Reminders count only these minutes, and a prospect who writes at night is told when to expect a
 * person.
 */
public record WorkingHours(ZoneId zone, Set<DayOfWeek> days, LocalTime opens, LocalTime closes, Set<LocalDate> holidays) {
    /** Mon–Fri 09:00–18:00 in Bishkek, when desk.yaml says nothing else. */
    public static final WorkingHours DEFAULT = new WorkingHours(ZoneId.of("Asia/Bishkek"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(18, 0), Set.of());
    /** No day has working hours a year ahead of any instant: that many days are looked at, at most. */
    private static final int LOOK_AHEAD_DAYS = 400;

    public WorkingHours {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        holidays = Set.copyOf(holidays);
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("opens " + opens + " must be before closes " + closes);
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("no working days");
        }
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        return isWorkingDay(local.toLocalDate()) && !time.isBefore(opens) && time.isBefore(closes);
    }

    private boolean isWorkingDay(LocalDate date) {
        return days.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    /** {@code at} itself during working hours, otherwise when they next begin. */
    public Instant nextOpening(Instant at) {
        if (isOpen(at)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate date = local.toLocalDate();
        if (isWorkingDay(date) && local.toLocalTime().isBefore(opens)) {
            return date.atTime(opens).atZone(zone).toInstant();
        }
        for (int i = 1; i <= LOOK_AHEAD_DAYS; i++) {
            LocalDate next = date.plusDays(i);
            if (isWorkingDay(next)) {
                return next.atTime(opens).atZone(zone).toInstant();
            }
        }
        throw new IllegalStateException("no working day within " + LOOK_AHEAD_DAYS + " days of " + at);
    }

    /**
     * The instant {@code amount} of working time after {@code from}: a lead left at 17:50 on a Friday with
     * 30 minutes to wait is due at 09:20 on Monday.
     */
    public Instant plusWorking(Instant from, Duration amount) {
        Instant at = nextOpening(from);
        Duration left = amount;
        while (true) {
            ZonedDateTime local = at.atZone(zone);
            Instant closing = local.toLocalDate().atTime(closes).atZone(zone).toInstant();
            Duration today = Duration.between(at, closing);
            if (left.compareTo(today) <= 0) {
                return at.plus(left);
            }
            left = left.minus(today);
            at = nextOpening(closing);
        }
    }
}
