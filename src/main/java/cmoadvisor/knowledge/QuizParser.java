package cmoadvisor.knowledge;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and checks {@code quiz.yaml}: the flow trusts every question, choice and score band it gets. */
public final class QuizParser {
    private static final Set<String> KINDS = Set.of(Quiz.YES_NO, Quiz.REVENUE);

    private final YamlReader yaml;

    public QuizParser() {
        this(new YamlReader());
    }

    /** Shares the loader's YAML reader: one Jackson mapper learns each type once. */
    QuizParser(YamlReader yaml) {
        this.yaml = yaml;
    }

    /** The parsed quiz, or the errors that prevented it. */
    public record Result(Quiz quiz, List<KnowledgeError> errors) {
    }

    public Result parse(Path file, String content) {
        YamlReader.Read<Quiz> read = yaml.read(file, content, Quiz.class);
        if (read.error() != null) {
            return new Result(null, List.of(read.error()));
        }
        Quiz quiz = read.value();
        List<KnowledgeError> errors = new ArrayList<>();
        if (quiz == null || quiz.questions() == null || quiz.questions().isEmpty()) {
            errors.add(new KnowledgeError(file, 1, "the quiz needs at least one question"));
            return new Result(null, errors);
        }
        Set<String> ids = new HashSet<>();
        for (Quiz.Question q : quiz.questions()) {
            int line = YamlLines.lineOfKey(content, "id: " + q.id(), 1, 0);
            line = line == 0 ? findLine(content, "id: " + q.id()) : line;
            String where = "question '" + q.id() + "'";
            if (q.id() == null || !TopicFileParser.ID_PATTERN.matcher(q.id()).matches() || !ids.add(q.id())) {
                errors.add(new KnowledgeError(file, line, where + " needs a unique id of a-z, 0-9 and dashes"));
            }
            if (!KINDS.contains(q.kind())) {
                errors.add(new KnowledgeError(file, line, where + ": kind must be one of " + KINDS));
            }
            if (q.sign() == null || !q.sign().missing().isEmpty()) {
                errors.add(new KnowledgeError(file, line, where + " lacks its short sign name in "
                        + (q.sign() == null ? List.of(Lang.values()) : q.sign().missing())));
            }
            if (q.text() == null || !q.text().missing().isEmpty()) {
                errors.add(new KnowledgeError(file, line, where + " lacks its text in "
                        + (q.text() == null ? List.of(Lang.values()) : q.text().missing())));
            }
            if (q.choices() == null || q.choices().size() < 2) {
                errors.add(new KnowledgeError(file, line, where + " needs at least two choices"));
            } else {
                for (Quiz.Choice c : q.choices()) {
                    if (c.id() == null || c.weight() == null || c.weight() < 0) {
                        errors.add(new KnowledgeError(file, line, where + ": every choice needs an id and a weight >= 0"));
                    }
                    if (c.label() == null || !c.label().missing().isEmpty()) {
                        errors.add(new KnowledgeError(file, line, where + ": choice '" + c.id() + "' lacks a label in "
                                + (c.label() == null ? List.of(Lang.values()) : c.label().missing())));
                    }
                }
                if (q.choice("yes").isEmpty() || q.choice("no").isEmpty()) {
                    errors.add(new KnowledgeError(file, line, where
                            + " needs the choices 'yes' and 'no', which typed answers (ооба/жок, да/нет) map to"));
                }
            }
            if (Quiz.REVENUE.equals(q.kind()) && (q.thresholds() == null || q.thresholds().kzt() == null
                    || q.thresholds().usd() == null)) {
                errors.add(new KnowledgeError(file, line, where + " of kind revenue needs thresholds: {kzt: …, usd: …}"));
            }
        }
        if (quiz.qualification() == null || quiz.qualification().minScore() == null) {
            errors.add(new KnowledgeError(file, findLine(content, "qualification"), "qualification: {min_score: N} is missing"));
        }
        if (errors.isEmpty()) {
            checkBands(file, content, quiz, errors);
        }
        return new Result(errors.isEmpty() ? quiz : null, errors);
    }

    /** Every possible score must fall in exactly one result band, or the quiz could end without advice. */
    private static void checkBands(Path file, String content, Quiz quiz, List<KnowledgeError> errors) {
        int line = findLine(content, "results");
        if (quiz.results() == null || quiz.results().isEmpty()) {
            errors.add(new KnowledgeError(file, line, "results: the quiz needs at least one result band"));
            return;
        }
        for (Quiz.Result r : quiz.results()) {
            if (r.minScore() == null || r.maxScore() == null || r.model() == null || r.text() == null
                    || !r.text().missing().isEmpty()) {
                errors.add(new KnowledgeError(file, line, "every result needs min_score, max_score, model and a text in ky, ru, en"));
                return;
            }
        }
        for (int score = 0; score <= quiz.maxScore(); score++) {
            final int s = score;
            long bands = quiz.results().stream().filter(r -> s >= r.minScore() && s <= r.maxScore()).count();
            if (bands != 1) {
                errors.add(new KnowledgeError(file, line, "score " + score + " falls in " + bands
                        + " result bands; every score from 0 to " + quiz.maxScore() + " needs exactly one"));
            }
        }
    }

    private static int findLine(String content, String text) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        return 0;
    }
}
