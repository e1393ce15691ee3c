package cmoadvisor.search;

import cmoadvisor.knowledge.Lang;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The function words of each language ("и", "the", "менен"), as the search and the understanding step skip them. */
public final class StopWords {
    private StopWords() {
    }

    public static List<String> of(Lang lang) {
        return resourceLines("stopwords-" + lang.code() + ".txt");
    }

    /** Every language's, lower case: for telling words that carry meaning in a short chat message. */
    public static Set<String> all() {
        Set<String> all = new HashSet<>();
        for (Lang lang : Lang.values()) {
            all.addAll(of(lang));
        }
        return Set.copyOf(all);
    }

    private static List<String> resourceLines(String name) {
        try (InputStream in = StopWords.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .flatMap(l -> Arrays.stream(l.split("\\s+")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
