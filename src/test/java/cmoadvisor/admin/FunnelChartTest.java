package cmoadvisor.admin;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.storage.Analytics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The /stats picture decoded back from its PNG: its size, and bars whose lengths are the report's figures, found
 * by their colour (the chart paints them flat, in exactly the series' colour).
 */
class FunnelChartTest {
    private static final List<Integer> ADS = List.of(40, 30, 24, 20, 12, 10, 6, 3);
    private static final List<Integer> DIRECT = List.of(20, 0, 10, 8, 0, 4, 2, 0);
    /** The chats who started in each of the 12 weeks; every third week nobody did. */
    private static final List<Integer> STARTED_WEEKLY = List.of(0, 5, 10, 0, 20, 25, 0, 35, 40, 0, 50, 55);
    /** A bar's end falls inside a pixel, which antialiasing blends, so a bar may look a pixel short. */
    private static final double PIXELS_OFF = 2;

    private final FunnelChart chart = FunnelChart.withBundledFont();

    private static Analytics.Report report(List<Analytics.Funnel> sources) {
        List<Analytics.Week> weeks = new ArrayList<>();
        for (int i = 0; i < Analytics.TREND_WEEKS; i++) {
            List<Integer> chats = new ArrayList<>(Collections.nCopies(Analytics.STEPS.size(), 0));
            chats.set(0, STARTED_WEEKLY.get(i));
            chats.set(5, i);
            weeks.add(new Analytics.Week(LocalDate.parse("2026-09-07").plusWeeks(i), chats));
        }
        return new Analytics.Report(30, new Analytics.Funnel("all", ADS), sources, List.of(), 10, 2, weeks);
    }

    private static Analytics.Report report() {
        return report(List.of(new Analytics.Funnel("fb_ads", ADS), new Analytics.Funnel(Analytics.NO_SOURCE, DIRECT)));
    }

    private static FunnelChart.Labels labels(Lang lang, Analytics.Report report) {
        return new Reports(TestKnowledge.knowledge().messages(), lang).chartLabels(report);
    }

    private BufferedImage render(Analytics.Report report) throws IOException {
        byte[] png = chart.png(report, labels(Lang.RU, report));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void thePicture_isAPngOfTheExpectedSize() throws IOException {
        BufferedImage image = render(report());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(900);
    }

    @Test
    void theFunnelBars_ofEachSource_areAsLongAsItsFigures_stepByStep_fromTheTop() throws IOException {
        BufferedImage image = render(report());
        List<Bar> ads = bars(image, FunnelChart.SOURCE_COLOURS.get(0), true, 0, FunnelChart.FUNNEL_HEIGHT);
        List<Bar> direct = bars(image, FunnelChart.SOURCE_COLOURS.get(1), true, 0, FunnelChart.FUNNEL_HEIGHT);

        // Both sources share the axis: one scale, taken from the longest bar.
        double pixelsPerChat = ads.get(0).length() / (double) ADS.get(0);
        assertThat(pixelsPerChat).as("the longest bar fills most of the plot").isGreaterThan(10);
        assertLengths(ads, ADS, pixelsPerChat);
        assertLengths(direct, DIRECT, pixelsPerChat);
        assertThat(ads.get(0).base()).as("bars start at zero, on the same line").isEqualTo(direct.get(0).base());
        // Each step's bar of the second source sits under the first source's bar of that step.
        assertThat(direct.get(0).along()).isBetween(ads.get(0).along(), ads.get(1).along());
    }

    @Test
    void theTrend_hasAColumnAsTallAsEachWeeksStarts_oldestWeekFirst() throws IOException {
        BufferedImage image = render(report());
        List<Bar> started = bars(image, FunnelChart.TREND_COLOURS.get(0), false, FunnelChart.FUNNEL_HEIGHT, image.getHeight());
        List<Bar> contacts = bars(image, FunnelChart.TREND_COLOURS.get(1), false, FunnelChart.FUNNEL_HEIGHT, image.getHeight());

        double pixelsPerChat = started.get(started.size() - 1).length() / 55.0;
        assertLengths(started, STARTED_WEEKLY, pixelsPerChat);
        assertThat(contacts).hasSize(Analytics.TREND_WEEKS - 1);
        assertThat(contacts.get(0).along()).as("the week with one lead is the second").isBetween(started.get(0).along(), started.get(1).along());
    }

    @Test
    void withoutAnyConversation_thePictureHasNoBars_butItsSize() throws IOException {
        Analytics.Report empty = new Analytics.Report(7, new Analytics.Funnel("all", Collections.nCopies(8, 0)), List.of(),
                List.of(), 0, 0, List.of());
        BufferedImage image = render(empty);
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(900);
        for (Color colour : FunnelChart.SOURCE_COLOURS) {
            assertThat(bars(image, colour, true, 0, image.getHeight())).isEmpty();
        }
    }

    @Test
    void sourcesBeyondTheFirstFive_areSummedIntoOne() {
        List<Analytics.Funnel> sources = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            sources.add(new Analytics.Funnel("s" + i, List.of(10 - i, 1, 0, 0, 0, 0, 0, 0)));
        }
        List<Analytics.Funnel> shown = FunnelChart.shownSources(sources, "other");
        assertThat(shown).extracting(Analytics.Funnel::source).containsExactly("s1", "s2", "s3", "s4", "s5", "other");
        assertThat(shown.get(5).chats()).containsExactly(4 + 3 + 2, 3, 0, 0, 0, 0, 0, 0);
        assertThat(FunnelChart.shownSources(sources.subList(0, 6), "other")).isEqualTo(sources.subList(0, 6));
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void everyLabel_inEveryLanguage_hasItsLetters_inTheBundledFont(Lang lang) {
        FunnelChart.Labels labels = labels(lang, report());
        List<String> texts = new ArrayList<>(labels.steps());
        texts.addAll(List.of(labels.funnelTitle(), labels.trendTitle(), labels.otherSources(), labels.noData()));
        assertThat(texts).allSatisfy(text -> assertThat(chart.font().canDisplayUpTo(text)).as(text).isEqualTo(-1));
        assertThat(labels.funnelTitle()).contains("30").doesNotContain("<", "&");
        assertThat(chart.font().canDisplayUpTo("ңөүҢӨҮ")).isEqualTo(-1);
    }

    private static void assertLengths(List<Bar> bars, List<Integer> figures, double pixelsPerChat) {
        List<Integer> drawn = figures.stream().filter(n -> n > 0).toList();
        assertThat(bars).as("a bar for each figure above zero").hasSize(drawn.size());
        for (int i = 0; i < drawn.size(); i++) {
            assertThat((double) bars.get(i).length()).as("bar %d of %s", i, figures)
                    .isCloseTo(drawn.get(i) * pixelsPerChat, org.assertj.core.api.Assertions.within(PIXELS_OFF));
        }
    }

    /**
     * A bar as measured: {@code along} is its middle line across the bars (y of a horizontal bar), {@code base}
     * the edge it grows from (left for horizontal, bottom for vertical), {@code length} how far it reaches.
     */
    private record Bar(int along, int base, int length) {
    }

    /**
     * The bars of exactly this colour between two rows of the image, in order (top to bottom, or left to right).
     * The legend's square of the same colour does not grow from the axis, so only bars that share the most
     * common base are kept.
     */
    private static List<Bar> bars(BufferedImage image, Color colour, boolean horizontal, int fromRow, int toRow) {
        int lines = horizontal ? toRow - fromRow : image.getWidth();
        int[] first = new int[lines];
        int[] last = new int[lines];
        for (int line = 0; line < lines; line++) {
            first[line] = -1;
            int extent = horizontal ? image.getWidth() : toRow - fromRow;
            for (int at = 0; at < extent; at++) {
                int x = horizontal ? at : line;
                int y = horizontal ? fromRow + line : fromRow + at;
                if (image.getRGB(x, y) == colour.getRGB()) {
                    first[line] = first[line] < 0 ? at : first[line];
                    last[line] = at;
                }
            }
        }
        List<Bar> found = new ArrayList<>();
        for (int start = 0; start < lines; start++) {
            if (first[start] < 0) {
                continue;
            }
            int end = start;
            while (end + 1 < lines && first[end + 1] >= 0) {
                end++;
            }
            int middle = (start + end) / 2;
            int base = horizontal ? first[middle] : last[middle];
            found.add(new Bar(middle, base, last[middle] - first[middle] + 1));
            start = end;
        }
        Map<Integer, Long> bases = found.stream().collect(Collectors.groupingBy(Bar::base, Collectors.counting()));
        int axis = bases.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
        return found.stream().filter(bar -> bar.base() == axis).toList();
    }
}
