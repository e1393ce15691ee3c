package cmoadvisor.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A question set in the format of ../shared/eval, scored by the rules of its score.py. */
public final class EvalSet {

    public record Question(String id, String lang, String category, String text, List<Pattern> expect, boolean abstain) {
    }

    private EvalSet() {
    }

    public static List<Question> load(String resource) {
        try (InputStream in = EvalSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A set from a file, such as ../shared/eval/questions.real-dev.jsonl. */
    public static List<Question> load(java.nio.file.Path file) {
        try {
            return parse(java.nio.file.Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Question> parse(String content) {
        ObjectMapper json = new ObjectMapper();
        List<Question> questions = new ArrayList<>();
        try {
            for (String line : content.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                List<Pattern> expect = new ArrayList<>();
                node.path("expect").forEach(rx -> expect.add(Pattern.compile(rx.asText())));
                questions.add(new Question(node.get("id").asText(), node.get("lang").asText(),
                        node.path("cat").asText(""), node.get("q").asText(), expect, node.path("abstain").asBoolean(false)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return questions;
    }

    /** score.py's normalise(): lower case, ё→е, every dash → "-", thousands separators inside numbers removed. */
    public static String normalise(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT).replace('ё', 'е');
        t = t.replaceAll("[\\u2010-\\u2015\\u2212]", "-");
        return t.replaceAll("(?<=\\d)[\\s\\u00a0\\u202f\\u2009,'.](?=\\d{3}(?!\\d))", "");
    }

    /** Whether the engine's reply passes, as score.py would judge it. */
    public static boolean passes(Question q, boolean answered, String plainText) {
        if (q.abstain()) {
            return !answered;
        }
        String text = normalise(plainText);
        return answered && q.expect().stream().allMatch(rx -> rx.matcher(text).find());
    }
}
