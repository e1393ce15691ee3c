package cmoadvisor.admin;

import cmoadvisor.storage.Analytics;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The /stats picture as a PNG: the funnel of each deep-link source as horizontal bars, and under it the last
 * weeks' starts, leads and closed leads as columns. It is drawn into an image in memory, so it needs no
 * screen (the bot runs with java.awt.headless=true), and every text is set in the bundled DejaVu Sans, so
 * Cyrillic renders on a server without any fonts; the font is only created, never registered with the JVM.
 */
public final class FunnelChart {
    static final int WIDTH = 1000;
    static final int FUNNEL_HEIGHT = 560;
    static final int TREND_HEIGHT = 340;
    /** Sources beyond these are drawn as one series, so that the bars stay readable; the text lists them all. */
    static final int MAX_SOURCES = 6;
    /** Colours of the sources in the order of the report (most starts first), then of the other sources. */
    static final List<Color> SOURCE_COLOURS = List.of(new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
            new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B));
    /** The steps the trend shows (indexes in {@link Analytics#STEPS}): who came, who left contacts, what was closed. */
    static final List<Integer> TREND_STEPS = List.of(0, 5, 7);
    static final List<Color> TREND_COLOURS = List.of(new Color(0x17BECF), new Color(0xE377C2), new Color(0x7F7F7F));
    /** The bundled font: DejaVu Sans 2.37 from Debian's fonts-dejavu-core (see fonts/README.md beside it). */
    static final String FONT_RESOURCE = "/fonts/DejaVuSans.ttf";
    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("dd.MM");
    private static final Color TEXT = new Color(0x333333);

    /** The picture's words in the admin's language, as plain text (a picture shows no HTML). */
    public record Labels(String funnelTitle, String trendTitle, List<String> steps, String otherSources, String noData) {
        public Labels {
            steps = List.copyOf(steps);
            if (steps.size() != Analytics.STEPS.size()) {
                throw new IllegalArgumentException("a label for each of the " + Analytics.STEPS.size() + " steps is needed");
            }
        }
    }

    /** The face of every text in the picture, made at the first picture (most starts never draw one). */
    private final java.util.function.Supplier<Font> font;
    private Font made;

    /** @param font the face of every text in the picture; sizes and bold are derived from it */
    public FunnelChart(Font font) {
        this.font = () -> font;
    }

    private FunnelChart(java.util.function.Supplier<Font> font) {
        this.font = font;
    }

    /**
     * A chart in the bundled font, read at the first picture: reading it writes a temporary copy of the font
     * file, as Java's loader does, and took a fiftieth of the bot's start.
     */
    public static FunnelChart withBundledFont() {
        return new FunnelChart(FunnelChart::bundledFont);
    }

    private static Font bundledFont() {
        try (InputStream in = FunnelChart.class.getResourceAsStream(FONT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FONT_RESOURCE + " is missing from the jar");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FONT_RESOURCE, e);
        } catch (FontFormatException e) {
            throw new IllegalStateException(FONT_RESOURCE + " is not a TrueType font", e);
        }
    }

    synchronized Font font() {
        if (made == null) {
            made = font.get();
        }
        return made;
    }

    public byte[] png(Analytics.Report report, Labels labels) {
        BufferedImage image = new BufferedImage(WIDTH, FUNNEL_HEIGHT + TREND_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            funnel(report, labels).draw(g, new Rectangle2D.Double(0, 0, WIDTH, FUNNEL_HEIGHT));
            trend(report, labels).draw(g, new Rectangle2D.Double(0, FUNNEL_HEIGHT, WIDTH, TREND_HEIGHT));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the /stats picture", e);
        }
        return out.toByteArray();
    }

    private JFreeChart funnel(Analytics.Report report, Labels labels) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Analytics.Funnel source : shownSources(report.bySource(), labels.otherSources())) {
            for (int step = 0; step < labels.steps().size(); step++) {
                data.addValue(source.chats().get(step), source.source(), labels.steps().get(step));
            }
        }
        CategoryPlot plot = plot(data, PlotOrientation.HORIZONTAL, SOURCE_COLOURS, labels.noData());
        plot.getRenderer().setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        // A long step name takes two lines rather than squeezing the bars.
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.3f);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        return chart(labels.funnelTitle(), plot);
    }

    private JFreeChart trend(Analytics.Report report, Labels labels) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int step : TREND_STEPS) {
            for (Analytics.Week week : report.weeks()) {
                data.addValue(week.chats().get(step), labels.steps().get(step), WEEK.format(week.monday()));
            }
        }
        CategoryPlot plot = plot(data, PlotOrientation.VERTICAL, TREND_COLOURS, labels.noData());
        plot.getRenderer().setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        return chart(labels.trendTitle(), plot);
    }

    /** The first sources as they are, the rest summed into one, so that no source's chats are left out. */
    static List<Analytics.Funnel> shownSources(List<Analytics.Funnel> sources, String otherName) {
        if (sources.size() <= MAX_SOURCES) {
            return sources;
        }
        List<Analytics.Funnel> shown = new ArrayList<>(sources.subList(0, MAX_SOURCES - 1));
        List<Integer> other = new ArrayList<>(java.util.Collections.nCopies(Analytics.STEPS.size(), 0));
        for (Analytics.Funnel source : sources.subList(MAX_SOURCES - 1, sources.size())) {
            for (int step = 0; step < other.size(); step++) {
                other.set(step, other.get(step) + source.chats().get(step));
            }
        }
        shown.add(new Analytics.Funnel(otherName, other));
        return shown;
    }

    /** Flat bars of exactly the series' colours, each with its figure, on whole-number axes. */
    private CategoryPlot plot(DefaultCategoryDataset data, PlotOrientation orientation, List<Color> colours, String noData) {
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setItemMargin(0.04);
        for (int i = 0; i < colours.size(); i++) {
            bars.setSeriesPaint(i, colours.get(i));
        }
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(font().deriveFont(11f));
        bars.setDefaultItemLabelPaint(TEXT);
        CategoryAxis categories = new CategoryAxis();
        categories.setTickLabelFont(font().deriveFont(12f));
        categories.setTickLabelPaint(TEXT);
        categories.setCategoryMargin(0.15);
        NumberAxis chats = new NumberAxis();
        chats.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        chats.setTickLabelFont(font().deriveFont(11f));
        chats.setTickLabelPaint(TEXT);
        // Room for the figure written after the longest bar.
        chats.setUpperMargin(0.12);
        CategoryPlot plot = new CategoryPlot(data, categories, chats, bars);
        plot.setOrientation(orientation);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setNoDataMessage(noData);
        plot.setNoDataMessageFont(font().deriveFont(16f));
        plot.setNoDataMessagePaint(TEXT);
        return plot;
    }

    private JFreeChart chart(String title, CategoryPlot plot) {
        JFreeChart chart = new JFreeChart(title, font().deriveFont(Font.BOLD, 18f), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        chart.setTextAntiAlias(true);
        chart.getTitle().setPaint(TEXT);
        chart.getLegend().setItemFont(font().deriveFont(12f));
        chart.getLegend().setItemPaint(TEXT);
        chart.getLegend().setPosition(RectangleEdge.TOP);
        chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        return chart;
    }
}
