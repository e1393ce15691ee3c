package cmoadvisor.search;

import cmoadvisor.knowledge.KnowledgeError;
import cmoadvisor.knowledge.KnowledgeException;
import cmoadvisor.knowledge.SynonymRule;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.RussianStemmer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Builds one analyzer per {@link SearchField}. Each word field runs: word tokenizer, lower case,
 * letter folding, a stemmer for its language, the knowledge's synonyms (mapped onto the first word of each
 * rule, so that "маркетинг директору" and "CMO" become the same term), and last the function words.
 */
final class TextAnalysis {
    private final Map<SearchField, Analyzer> analyzers = new EnumMap<>(SearchField.class);

    TextAnalysis(List<SynonymRule> synonymRules) {
        List<String> kyStops = StopWords.of(cmoadvisor.knowledge.Lang.KY);
        List<String> ruStops = StopWords.of(cmoadvisor.knowledge.Lang.RU);
        List<String> enStops = StopWords.of(cmoadvisor.knowledge.Lang.EN);
        build(SearchField.KY, ts -> new KyrgyzStemFilter(new LetterFoldingFilter(ts, false)), kyStops, synonymRules);
        build(SearchField.KY_FOLDED, ts -> new KyrgyzStemFilter(new LetterFoldingFilter(ts, true)), kyStops, synonymRules);
        build(SearchField.RU, ts -> new SnowballFilter(new LetterFoldingFilter(ts, false), new RussianStemmer()),
                ruStops, synonymRules);
        build(SearchField.EN, ts -> new PorterStemFilter(ts), enStops, synonymRules);

        List<String> allStops = new ArrayList<>(kyStops);
        allStops.addAll(ruStops);
        allStops.addAll(enStops);
        CharArraySet ngramStops = new CharArraySet(allStops.size() * 2, false);
        allStops.forEach(w -> ngramStops.add(LetterFolding.fold(w)));
        analyzers.put(SearchField.NGRAM, new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new WordTokenizer();
                TokenStream ts = new LetterFoldingFilter(new LowerCaseFilter(source), true);
                ts = new DropTermsFilter(ts, ngramStops);
                return new TokenStreamComponents(source, new NGramTokenFilter(ts, 3, 3, false));
            }
        });
    }

    Analyzer analyzer(SearchField field) {
        return analyzers.get(field);
    }

    /** The terms a text analyzes to in a field, in order, duplicates kept. */
    List<String> terms(SearchField field, String text) {
        return analyze(analyzers.get(field), field.name, text);
    }

    private void build(SearchField field, UnaryOperator<TokenStream> stemming, List<String> stopWords,
                       List<SynonymRule> rules) {
        // The chain up to the stemmer, without synonyms and stop words: what synonym rules and stop words
        // are analysed with, so that they meet the question's terms in the same form.
        Analyzer base = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String name) {
                Tokenizer source = new WordTokenizer();
                return new TokenStreamComponents(source, stemming.apply(new LowerCaseFilter(source)));
            }
        };
        Set<String> stemmedStops = new LinkedHashSet<>();
        for (String word : stopWords) {
            stemmedStops.addAll(analyze(base, field.name, word));
        }
        CharArraySet stops = new CharArraySet(stemmedStops, false);
        SynonymMap synonyms = synonymMap(base, rules);
        analyzers.put(field, new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String name) {
                Tokenizer source = new WordTokenizer();
                TokenStream ts = stemming.apply(new LowerCaseFilter(source));
                if (synonyms != null) {
                    ts = new FlattenGraphFilter(new SynonymGraphFilter(ts, synonyms, true));
                }
                return new TokenStreamComponents(source, new DropTermsFilter(ts, stops));
            }
        });
    }

    /**
     * Builds the synonym map; expand=false maps every word of a rule onto its first word. When the rules
     * do not parse, each is parsed alone to report the bad one with its own line in synonyms.txt.
     */
    private static SynonymMap synonymMap(Analyzer base, List<SynonymRule> rules) {
        if (rules.isEmpty()) {
            return null;
        }
        StringBuilder all = new StringBuilder();
        rules.forEach(rule -> all.append(rule.text()).append('\n'));
        try {
            SolrSynonymParser parser = new SolrSynonymParser(true, false, base);
            parser.parse(new StringReader(all.toString()));
            return parser.build();
        } catch (ParseException | IOException | IllegalArgumentException e) {
            throw new KnowledgeException(badRules(base, rules));
        }
    }

    private static List<KnowledgeError> badRules(Analyzer base, List<SynonymRule> rules) {
        List<KnowledgeError> errors = new ArrayList<>();
        for (SynonymRule rule : rules) {
            try {
                new SolrSynonymParser(true, false, base).parse(new StringReader(rule.text()));
            } catch (ParseException | IOException | IllegalArgumentException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                errors.add(new KnowledgeError(rule.file(), rule.line(), "bad synonym rule: " + cause.getMessage()));
            }
        }
        if (errors.isEmpty()) {
            errors.add(new KnowledgeError(rules.get(0).file(), 0, "the synonym rules do not parse together"));
        }
        return errors;
    }

    static List<String> analyze(Analyzer analyzer, String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            // Analysis reads from a String; an IOException here is a bug, not an input problem.
            throw new UncheckedIOException(e);
        }
        return out;
    }

}
