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
final class EvalSet {

    record Question(String id, String lang, String text, List<Pattern> expect, boolean abstain) {
    }

    private EvalSet() {
    }

    static List<Question> load(String resource) {
        ObjectMapper json = new ObjectMapper();
        List<Question> questions = new ArrayList<>();
        try (InputStream in = EvalSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                List<Pattern> expect = new ArrayList<>();
                node.path("expect").forEach(rx -> expect.add(Pattern.compile(rx.asText())));
                questions.add(new Question(node.get("id").asText(), node.get("lang").asText(), node.get("q").asText(),
                        expect, node.path("abstain").asBoolean(false)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return questions;
    }

    /** score.py's normalise(): lower case, ё→е, every dash → "-", thousands separators inside numbers removed. */
    static String normalise(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT).replace('ё', 'е');
        t = t.replaceAll("[\\u2010-\\u2015\\u2212]", "-");
        return t.replaceAll("(?<=\\d)[\\s\\u00a0\\u202f\\u2009,'.](?=\\d{3}(?!\\d))", "");
    }

    /** Whether the engine's reply passes, as score.py would judge it. */
    static boolean passes(Question q, boolean answered, String plainText) {
        if (q.abstain()) {
            return !answered;
        }
        String text = normalise(plainText);
        return answered && q.expect().stream().allMatch(rx -> rx.matcher(text).find());
    }
}
