package cmoadvisor.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analyzed terms of one field, with the one notion of "close spelling" the engine uses: for a typo
 * in a query ("ретейнр") and for endings the light stemmers leave apart ("баал", "баалай").
 *
 * <p>Candidates share the first letter: people rarely mistype it, and it cuts the comparisons by an
 * order of magnitude, which keeps a question well under a millisecond.
 */
final class Vocabulary {
    /** Shorter words have too many neighbours one edit away to guess a typo from. */
    static final int MIN_TYPO_LENGTH = 5;
    private static final int MAX_NEIGHBOURS = 5;
    private static final int MAX_CACHED = 4096;

    private final Map<String, List<String>> neighbourCache = new java.util.concurrent.ConcurrentHashMap<>();

    private final Set<String> terms;
    private final Map<Character, List<String>> byFirstLetter = new HashMap<>();

    Vocabulary(Collection<String> terms) {
        this.terms = Set.copyOf(new HashSet<>(terms));
        for (String term : this.terms) {
            if (!term.isEmpty()) {
                byFirstLetter.computeIfAbsent(term.charAt(0), c -> new ArrayList<>()).add(term);
            }
        }
    }

    boolean contains(String term) {
        return terms.contains(term);
    }

    /** Known terms spelled close to {@code term} (not the term itself), nearest first. */
    List<String> neighbours(String term) {
        if (term.length() < MIN_TYPO_LENGTH) {
            return List.of();
        }
        // One question asks for the same unknown word's neighbours several times (spelling, query,
        // coverage), and prospects share their typos. Bounded: forgotten whole when full.
        List<String> known = neighbourCache.get(term);
        if (known != null) {
            return known;
        }
        if (neighbourCache.size() >= MAX_CACHED) {
            neighbourCache.clear();
        }
        List<String> found = findNeighbours(term);
        neighbourCache.put(term, found);
        return found;
    }

    private List<String> findNeighbours(String term) {
        List<String> sameLetter = byFirstLetter.getOrDefault(term.charAt(0), List.of());
        int allowed = term.length() >= 8 ? 2 : 1;
        List<String> found = new ArrayList<>();
        for (String candidate : sameLetter) {
            if (candidate.length() < 4 || candidate.equals(term)
                    || Math.abs(candidate.length() - term.length()) > allowed + 2) {
                continue;
            }
            if (sharesLongPrefix(term, candidate) || EditDistance.atMost(term, candidate, allowed)) {
                found.add(candidate);
            }
        }
        if (found.size() > MAX_NEIGHBOURS) {
            found.sort(Comparator.comparingInt(c -> Math.abs(c.length() - term.length())));
            return List.copyOf(found.subList(0, MAX_NEIGHBOURS));
        }
        return List.copyOf(found);
    }

    /**
     * The known word one edit from {@code word} (two for a long word), the fewest edits first; for putting a
     * typed word right ("налги" → "налоги"), where a shared beginning alone is no typo.
     */
    java.util.Optional<String> closest(String word) {
        if (word.length() < MIN_TYPO_LENGTH || terms.contains(word)) {
            return java.util.Optional.empty();
        }
        List<String> sameLetter = byFirstLetter.getOrDefault(word.charAt(0), List.of());
        int allowed = word.length() >= 8 ? 2 : 1;
        for (int edits = 1; edits <= allowed; edits++) {
            String best = null;
            for (String candidate : sameLetter) {
                if (Math.abs(candidate.length() - word.length()) <= edits && EditDistance.atMost(word, candidate, edits)
                        && (best == null || candidate.compareTo(best) < 0)) {
                    best = candidate;
                }
            }
            if (best != null) {
                return java.util.Optional.of(best);
            }
        }
        return java.util.Optional.empty();
    }

    /** One stem a prefix of the other, both long enough to share a root: "баал" and "баалай". */
    private static boolean sharesLongPrefix(String a, String b) {
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter.equals(a) ? b : a;
        return shorter.length() >= MIN_TYPO_LENGTH && longer.startsWith(shorter)
                && longer.length() - shorter.length() <= 3;
    }
}
