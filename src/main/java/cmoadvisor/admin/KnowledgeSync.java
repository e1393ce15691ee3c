package cmoadvisor.admin;

import cmoadvisor.storage.Database;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Several instances on one PostgreSQL share the knowledge: every folder an instance validated and served
 * is stored as a version (all its files); every instance looks for a newer version every few seconds and
 * switches to it (its folder rewritten, then reloaded and validated as any change). At start, a folder the
 * database has never seen (a deploy that changed the knowledge) becomes the newest version; one it has
 * seen gives way to the newest. The folder stays the only source for a single instance on SQLite.
 */
public final class KnowledgeSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeSync.class);
    public static final Duration LOOK_EVERY = Duration.ofSeconds(3);
    private static final TypeReference<TreeMap<String, String>> FILES = new TypeReference<>() { };

    private final Database database;
    private final Path folder;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private volatile long current;
    private Thread thread;
    private Runnable reload = () -> { };

    public KnowledgeSync(Database database, Path folder, Clock clock) {
        this.database = database;
        this.folder = folder;
        this.clock = clock;
    }

    /** A stored version without its files, which are read only to be written into the folder. */
    private record Version(long id, String fingerprint) {
    }

    /** The folder as a version: relative path → content (Base64), backups left out. */
    private TreeMap<String, String> read() {
        TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String relative = folder.relativize(file).toString().replace('\\', '/');
                if (!relative.startsWith(KnowledgeFolders.BACKUP_FOLDER) && !relative.endsWith(".uploading")) {
                    files.put(relative, Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the knowledge folder " + folder, e);
        }
        return files;
    }

    private static String fingerprint(Map<String, String> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, content) -> {
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                digest.update((byte) 0);
            });
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The folder just served: stored as the newest version unless it is the newest already. A database that
     * refuses it now leaves the others on the version they have; the next start stores it.
     */
    public void published() {
        try {
            publish();
        } catch (RuntimeException e) {
            log.warn("the knowledge served here could not be stored for the other instances: {}", e.toString());
        }
    }

    private void publish() {
        TreeMap<String, String> files = read();
        String fingerprint = fingerprint(files);
        Optional<Version> newest = newest();
        if (newest.isPresent() && newest.get().fingerprint().equals(fingerprint)) {
            current = newest.get().id();
            return;
        }
        String content = write(files);
        current = database.transaction(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement(
                    "INSERT INTO knowledge_versions (fingerprint, files, created_at) VALUES (?, ?, ?)")) {
                p.setString(1, fingerprint);
                p.setString(2, content);
                p.setLong(3, clock.millis());
                p.executeUpdate();
            }
            return newestId(c);
        });
        log.info("knowledge version {} stored for the other instances", current);
    }

    /**
     * At start: this folder becomes the newest version if the database has never seen it, otherwise the
     * newest version is taken; then the newer ones are looked for, {@code reload} run after each is written
     * to the folder. All of it in the background: the bot answers from its folder meanwhile (the first
     * look takes a few milliseconds), rather than polling Telegram only after it.
     */
    public void start(Runnable reload) {
        this.reload = reload;
        thread = new Thread(() -> {
            try {
                catchUp();
            } catch (RuntimeException e) {
                log.warn("could not compare the knowledge with the other instances' at start: {}", e.toString());
            }
            watch();
        }, "knowledge-sync");
        thread.setDaemon(true);
        thread.start();
    }

    private void catchUp() {
        String fingerprint = fingerprint(read());
        boolean seen = database.transaction(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT 1 FROM knowledge_versions WHERE fingerprint = ?")) {
                p.setString(1, fingerprint);
                try (java.sql.ResultSet r = p.executeQuery()) {
                    return r.next();
                }
            }
        });
        if (!seen) {
            publish();
        } else {
            adoptNewer();
        }
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(LOOK_EVERY.toMillis());
                adoptNewer();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("could not look for a newer knowledge version: {}", e.toString());
            }
        }
    }

    /** Writes a newer version into the folder and reloads; true when there was one. */
    boolean adoptNewer() {
        Optional<Version> newest = newest();
        if (newest.isEmpty() || newest.get().id() <= current) {
            return false;
        }
        Version version = newest.get();
        if (fingerprint(read()).equals(version.fingerprint())) {
            current = version.id();
            return false;
        }
        try {
            Map<String, String> files = json.readValue(files(version.id()), FILES);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = folder.resolve(file.getKey()).normalize();
                if (!target.startsWith(folder.normalize())) {
                    throw new IllegalStateException("a knowledge version names a file outside the folder: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                Path temporary = target.resolveSibling(target.getFileName() + ".uploading");
                Files.write(temporary, Base64.getDecoder().decode(file.getValue()));
                Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            for (String name : read().keySet()) {
                if (!files.containsKey(name)) {
                    Files.deleteIfExists(folder.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write knowledge version " + version.id() + " into " + folder, e);
        }
        // Only now: a version that could not be read or written is tried again at the next look.
        current = version.id();
        log.info("knowledge version {} from another instance written to {}", version.id(), folder);
        reload.run();
        return true;
    }

    private Optional<Version> newest() {
        return database.transaction(c -> {
            try (java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet r = s.executeQuery("SELECT id, fingerprint FROM knowledge_versions ORDER BY id DESC LIMIT 1")) {
                return r.next() ? Optional.of(new Version(r.getLong(1), r.getString(2))) : Optional.empty();
            }
        });
    }

    /** A version's files as stored (JSON: path → Base64): the whole folder, so only when it is adopted. */
    private String files(long id) {
        return database.transaction(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT files FROM knowledge_versions WHERE id = ?")) {
                p.setLong(1, id);
                try (java.sql.ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new IllegalStateException("knowledge version " + id + " is gone");
                    }
                    return r.getString(1);
                }
            }
        });
    }

    private static long newestId(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery("SELECT MAX(id) FROM knowledge_versions")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private String write(Map<String, String> files) {
        try {
            return json.writeValueAsString(files);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
