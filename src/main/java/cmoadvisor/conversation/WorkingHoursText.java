package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.WorkingHours;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Working hours as a prospect reads them: "пн–пт 09:00–18:00 (Asia/Bishkek)", "понедельник, 09:00". */
final class WorkingHoursText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private WorkingHoursText() {
    }

    static String hours(WorkingHours hours, Lang lang) {
        Locale locale = Locale.forLanguageTag(lang.code());
        List<String> spans = new ArrayList<>();
        DayOfWeek start = null;
        DayOfWeek previous = null;
        for (DayOfWeek day : DayOfWeek.values()) {
            boolean works = hours.days().contains(day);
            if (works && start == null) {
                start = day;
            }
            if (!works && start != null) {
                spans.add(span(start, previous, locale));
                start = null;
            }
            previous = day;
        }
        if (start != null) {
            spans.add(span(start, DayOfWeek.SUNDAY, locale));
        }
        return String.join(", ", spans) + " " + TIME.format(hours.opens()) + "–" + TIME.format(hours.closes())
                + " (" + hours.zone().getId() + ")";
    }

    private static String span(DayOfWeek from, DayOfWeek to, Locale locale) {
        String first = from.getDisplayName(TextStyle.SHORT, locale);
        return from == to ? first : first + "–" + to.getDisplayName(TextStyle.SHORT, locale);
    }

    /** The day and time the agency opens, in its own time zone. */
    static String opening(WorkingHours hours, Instant at, Lang lang) {
        ZonedDateTime local = at.atZone(hours.zone());
        return local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.forLanguageTag(lang.code())) + ", "
                + TIME.format(local) + " (" + hours.zone().getId() + ")";
    }
}
