package cmoadvisor.admin;

import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.KnowledgeError;
import cmoadvisor.knowledge.KnowledgeException;
import cmoadvisor.knowledge.KnowledgeLoader;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The knowledge the bot serves, replaced whole and only when valid. A reload reads the folder, validates
 * everything and builds a new engine before swapping it in with one volatile write: a question asked
 * meanwhile is answered by the old engine or the new one, never by half of each, and an invalid folder
 * leaves the last good knowledge in service.
 */
public final class KnowledgeService {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeService.class);
    /** Files an admin may upload besides topics; anything else is refused. */
    static final Set<String> SETTINGS_FILES = Set.of("pricing.yaml", "quiz.yaml", "messages.yaml", "followups.yaml", "synonyms.txt",
            "dialogue.yaml", "desk.yaml");
    private static final Pattern TOPIC_FILE = Pattern.compile("([a-z0-9]+(?:-[a-z0-9]+)*)(?:\\.(ky|ru|en))?\\.md");
    private static final String BACKUP_FOLDER = KnowledgeFolders.BACKUP_FOLDER;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * What a reload or an upload did. {@code errors} non-empty means nothing changed. {@code missingLanguages}:
     * per topic of the knowledge now served, the languages it has no text in (a warning: it is served from
     * another language meanwhile).
     */
    public record Change(List<KnowledgeError> errors, List<String> added, List<String> changed, List<String> removed,
                         List<String> otherFiles, Map<String, List<Lang>> missingLanguages) {
        public boolean applied() {
            return errors.isEmpty();
        }

        public boolean nothingChanged() {
            return applied() && added.isEmpty() && changed.isEmpty() && removed.isEmpty() && otherFiles.isEmpty();
        }

        static Change refused(List<KnowledgeError> errors) {
            return new Change(List.copyOf(errors), List.of(), List.of(), List.of(), List.of(), Map.of());
        }
    }

    /** @param engine made beside the start for the knowledge a bot starts with, at once for every later one */
    private record Served(KnowledgeBase knowledge, java.util.concurrent.CompletableFuture<ConversationEngine> engine,
                          Map<String, String> fingerprints) {
    }

    private final Path dir;
    private final Function<KnowledgeBase, ConversationEngine> engines;
    private final Clock clock;
    private volatile Served served;

    /** Told of the folder each time it has been validated and served (to keep a copy of it). */
    private final java.util.function.Consumer<Path> onServed;

    public KnowledgeService(Path dir, KnowledgeBase initial, Function<KnowledgeBase, ConversationEngine> engines, Clock clock) {
        this(dir, initial, engines, clock, folder -> { });
    }

    public KnowledgeService(Path dir, KnowledgeBase initial, Function<KnowledgeBase, ConversationEngine> engines, Clock clock,
                            java.util.function.Consumer<Path> onServed) {
        this(dir, initial, java.util.concurrent.CompletableFuture.completedFuture(engines.apply(initial)), engines, clock,
                onServed);
    }

    /**
     * @param initialEngine the engine of {@code initial}, still being made (its search index is most of a
     *                      start): {@link #engine()} waits for it, {@link #engineReady()} tells whether it is made
     */
    public KnowledgeService(Path dir, KnowledgeBase initial,
                            java.util.concurrent.CompletableFuture<ConversationEngine> initialEngine,
                            Function<KnowledgeBase, ConversationEngine> engines, Clock clock,
                            java.util.function.Consumer<Path> onServed) {
        this.dir = dir;
        this.engines = engines;
        this.clock = clock;
        this.onServed = onServed;
        this.served = new Served(initial, initialEngine, fingerprints(dir));
    }

    /** The engine of the knowledge served; on a start, once it is made. */
    public ConversationEngine engine() {
        return cmoadvisor.Futures.joined(served.engine());
    }

    /** Whether {@link #engine()} answers at once. */
    public boolean engineReady() {
        return served.engine().isDone();
    }

    public KnowledgeBase knowledge() {
        return served.knowledge();
    }

    /** Re-reads the folder; serves it only if all of it is valid. */
    public synchronized Change reload() {
        Served next;
        try {
            next = build(dir);
        } catch (KnowledgeException e) {
            log.warn("knowledge change refused:\n{}", e.getMessage());
            return Change.refused(e.errors());
        }
        Change change = diff(served, next);
        served = next;
        if (!change.nothingChanged()) {
            onServed.accept(dir);
        }
        if (!change.nothingChanged()) {
            log.info("knowledge reloaded: added {}, changed {}, removed {}, other files {}", change.added(),
                    change.changed(), change.removed(), change.otherFiles());
        }
        return change;
    }

    /**
     * An admin's uploaded file: checked together with the rest of the folder in a scratch copy, then saved
     * (the previous version kept under .backup/) and served.
     */
    public synchronized Change apply(String fileName, byte[] content, String caption) {
        Path relative;
        try {
            relative = target(fileName, caption);
        } catch (KnowledgeException e) {
            return Change.refused(e.errors());
        }
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("knowledge-check");
            KnowledgeFolders.copy(dir, scratch);
            Files.createDirectories(scratch.resolve(relative).getParent());
            Files.write(scratch.resolve(relative), content);
            try {
                build(scratch);
            } catch (KnowledgeException e) {
                // The loader names files inside the folder, so no error shows the scratch copy's path.
                return Change.refused(e.errors());
            }
            Path target = dir.resolve(relative);
            if (Files.exists(target)) {
                Path backup = dir.resolve(BACKUP_FOLDER).resolve(relative + "." + STAMP.format(clock.instant()));
                Files.createDirectories(backup.getParent());
                Files.copy(target, backup, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(target.getFileName() + ".uploading");
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the uploaded " + fileName, e);
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
        return reload();
    }

    /**
     * Where an uploaded file goes: "retainer-model.ru.md", or "retainer-model.md" with "ru" as the caption;
     * a name that is neither is refused, in words the admin reads in their language.
     */
    static Path target(String fileName, String caption) {
        String name = fileName == null ? "" : fileName.strip().toLowerCase(java.util.Locale.ROOT);
        if (SETTINGS_FILES.contains(name)) {
            return Path.of(name);
        }
        Matcher m = TOPIC_FILE.matcher(name);
        if (!m.matches()) {
            throw refusal(fileName, Problem.UPLOAD_UNKNOWN_FILE, "files", String.join(", ", new TreeSet<>(SETTINGS_FILES)));
        }
        String lang = m.group(2) != null ? m.group(2) : caption == null ? null : caption.strip().toLowerCase(java.util.Locale.ROOT);
        if (lang == null || Lang.fromCode(lang).isEmpty()) {
            throw refusal(fileName, Problem.UPLOAD_NO_LANGUAGE, "id", m.group(1));
        }
        return Path.of(lang, m.group(1) + ".md");
    }

    private static KnowledgeException refusal(String fileName, Problem problem, Object... values) {
        return new KnowledgeException(List.of(KnowledgeError.of(fileName == null ? null : Path.of(fileName), 0, problem, values)));
    }

    private Served build(Path folder) {
        KnowledgeBase knowledge = new KnowledgeLoader().load(folder);
        // Building the engine validates what only the analyzers can check (the synonym rules).
        return new Served(knowledge, java.util.concurrent.CompletableFuture.completedFuture(engines.apply(knowledge)),
                fingerprints(folder));
    }

    private static Change diff(Served before, Served after) {
        Map<String, String> old = topicFingerprints(before.knowledge());
        Map<String, String> now = topicFingerprints(after.knowledge());
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String id : now.keySet()) {
            if (!old.containsKey(id)) {
                added.add(id);
            } else if (!old.get(id).equals(now.get(id))) {
                changed.add(id);
            }
        }
        old.keySet().stream().filter(id -> !now.containsKey(id)).forEach(removed::add);
        List<String> otherFiles = new ArrayList<>();
        for (String file : new TreeSet<>(union(before.fingerprints().keySet(), after.fingerprints().keySet()))) {
            if (!file.endsWith(".md") && !java.util.Objects.equals(before.fingerprints().get(file), after.fingerprints().get(file))) {
                otherFiles.add(file);
            }
        }
        return new Change(List.of(), added, changed, removed, otherFiles, after.knowledge().missingLanguages());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Per topic id, everything of it in every language, so that any edit shows as a change. */
    private static Map<String, String> topicFingerprints(KnowledgeBase knowledge) {
        Map<String, String> out = new TreeMap<>();
        for (String id : knowledge.topicIds()) {
            StringBuilder all = new StringBuilder();
            for (Lang lang : Lang.values()) {
                knowledge.topics(lang).stream().filter(t -> t.id().equals(id)).findFirst().ifPresent(t -> all
                        .append(lang).append(t.title()).append(t.questions()).append(t.keywords()).append(t.body()));
            }
            out.put(id, all.toString());
        }
        return out;
    }

    private static Map<String, String> fingerprints(Path folder) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = folder.relativize(file).toString();
                if (!relative.startsWith(BACKUP_FOLDER)) {
                    out.put(relative, sha256(Files.readAllBytes(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void deleteTree(Path root) {
        try {
            KnowledgeFolders.delete(root);
        } catch (IOException e) {
            log.warn("could not delete the scratch folder {}", root, e);
        }
    }
}
