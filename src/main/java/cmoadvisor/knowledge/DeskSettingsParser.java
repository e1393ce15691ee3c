package cmoadvisor.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and checks {@code desk.yaml}. Every field is optional (the default of {@link DeskSettings#DEFAULT}
 * stands in), but a field that is there must make sense: a misspelt day or time zone is an error with its
 * line, not a desk that silently never reminds anyone.
 */
final class DeskSettingsParser {
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);

    record Hours(@JsonProperty("time_zone") String timeZone, List<String> days, String from, String to,
                 List<String> holidays) {
    }

    record Reminders(@JsonProperty("lead_not_taken_minutes") Integer leadNotTaken,
                     @JsonProperty("lead_still_not_taken_minutes") Integer leadStillNotTaken,
                     @JsonProperty("message_unanswered_minutes") Integer messageUnanswered,
                     @JsonProperty("stopped_prospect_hours") Integer prospectStopped) {
    }

    record File(@JsonProperty("working_hours") Hours workingHours, Reminders reminders) {
    }

    private final YamlReader yaml;

    DeskSettingsParser(YamlReader yaml) {
        this.yaml = yaml;
    }

    record Result(DeskSettings settings, List<KnowledgeError> errors) {
    }

    Result parse(Path file, String content) {
        YamlReader.Read<File> read = yaml.read(file, content, File.class);
        if (read.error() != null) {
            return new Result(null, List.of(read.error()));
        }
        List<KnowledgeError> errors = new ArrayList<>();
        File raw = read.value() == null ? new File(null, null) : read.value();
        WorkingHours hours = hours(file, content, raw.workingHours(), errors);
        DeskSettings d = DeskSettings.DEFAULT;
        Reminders r = raw.reminders() == null ? new Reminders(null, null, null, null) : raw.reminders();
        Duration notTaken = minutes(file, content, "lead_not_taken_minutes", r.leadNotTaken(), d.leadNotTaken(), 1, errors);
        Duration stillNotTaken = minutes(file, content, "lead_still_not_taken_minutes", r.leadStillNotTaken(),
                d.leadStillNotTaken(), 1, errors);
        Duration unanswered = minutes(file, content, "message_unanswered_minutes", r.messageUnanswered(),
                d.messageUnanswered(), 1, errors);
        Duration stopped = r.prospectStopped() == null ? d.prospectStopped()
                : minutes(file, content, "stopped_prospect_hours", r.prospectStopped() * 60, d.prospectStopped(), 0, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new DeskSettings(hours, notTaken, stillNotTaken, unanswered, stopped), List.of());
    }

    private static Duration minutes(Path file, String content, String key, Integer value, Duration fallback, int least,
                                    List<KnowledgeError> errors) {
        if (value == null) {
            return fallback;
        }
        if (value < least) {
            errors.add(new KnowledgeError(file, line(content, key), key + " must be " + least + " or more"));
            return fallback;
        }
        return Duration.ofMinutes(value);
    }

    private static WorkingHours hours(Path file, String content, Hours raw, List<KnowledgeError> errors) {
        WorkingHours d = WorkingHours.DEFAULT;
        if (raw == null) {
            return d;
        }
        ZoneId zone = d.zone();
        if (raw.timeZone() != null) {
            try {
                zone = ZoneId.of(raw.timeZone().strip());
            } catch (DateTimeException e) {
                errors.add(new KnowledgeError(file, line(content, "time_zone"), "time_zone '" + raw.timeZone()
                        + "' is not a time zone; write it as Asia/Bishkek or Asia/Almaty"));
            }
        }
        Set<DayOfWeek> days = d.days();
        if (raw.days() != null) {
            days = EnumSet.noneOf(DayOfWeek.class);
            for (String day : raw.days()) {
                DayOfWeek parsed = day == null ? null : DAYS.get(day.strip().toLowerCase(Locale.ROOT));
                if (parsed == null) {
                    errors.add(new KnowledgeError(file, line(content, "days"), "'" + day + "' is not a day; use "
                            + new TreeSet<>(DAYS.keySet())));
                } else {
                    days.add(parsed);
                }
            }
            if (days.isEmpty()) {
                errors.add(new KnowledgeError(file, line(content, "days"), "days needs at least one working day"));
                days = d.days();
            }
        }
        LocalTime opens = time(file, content, "from", raw.from(), d.opens(), errors);
        LocalTime closes = time(file, content, "to", raw.to(), d.closes(), errors);
        if (!opens.isBefore(closes)) {
            errors.add(new KnowledgeError(file, line(content, "to"), "'to' (" + closes + ") must be later than 'from' (" + opens + ")"));
            return d;
        }
        Set<LocalDate> holidays = new java.util.HashSet<>();
        for (String holiday : raw.holidays() == null ? List.<String>of() : raw.holidays()) {
            try {
                holidays.add(LocalDate.parse(String.valueOf(holiday).strip()));
            } catch (DateTimeException e) {
                errors.add(new KnowledgeError(file, line(content, String.valueOf(holiday)), "holiday '" + holiday
                        + "' is not a date; write it as 2027-01-01"));
            }
        }
        return new WorkingHours(zone, days, opens, closes, holidays);
    }

    private static LocalTime time(Path file, String content, String key, String value, LocalTime fallback,
                                  List<KnowledgeError> errors) {
        if (value == null) {
            return fallback;
        }
        try {
            return LocalTime.parse(value.strip().length() == 4 ? "0" + value.strip() : value.strip());
        } catch (DateTimeException e) {
            errors.add(new KnowledgeError(file, line(content, key), key + " '" + value + "' is not a time; write it as 09:00"));
            return fallback;
        }
    }

    private static int line(String content, String key) {
        return YamlLines.lineOfKey(content, key, 1, 1);
    }
}
