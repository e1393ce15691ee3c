package cmoadvisor.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches the knowledge folder and its language folders; after a burst of changes has been quiet for a
 * moment (an editor saves in several writes, a git pull touches many files) it calls {@code onChange} once.
 */
public final class KnowledgeWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeWatcher.class);

    private final Path dir;
    private final Duration quiet;
    private final Runnable onChange;
    private WatchService watcher;
    private Thread thread;

    public KnowledgeWatcher(Path dir, Duration quiet, Runnable onChange) {
        this.dir = dir;
        this.quiet = quiet;
        this.onChange = onChange;
    }

    public void start() {
        try {
            watcher = FileSystems.getDefault().newWatchService();
            for (Path folder : List.of(dir, dir.resolve("ky"), dir.resolve("ru"), dir.resolve("en"))) {
                if (Files.isDirectory(folder)) {
                    folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
        } catch (IOException e) {
            log.warn("cannot watch {} for changes ({}); /reload still works", dir, e.getMessage());
            return;
        }
        thread = new Thread(this::loop, "knowledge-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                drain(key);
                // Wait until the folder has been quiet, then reload once for the whole burst.
                WatchKey more;
                while ((more = watcher.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    log.error("reloading the knowledge after a change failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing the watcher ends the loop.
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.debug("closing the knowledge watcher failed", e);
            }
        }
    }
}
