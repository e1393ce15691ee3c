package cmoadvisor.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One bot process per SQLite file: SQLite cannot share its work between processes the way PostgreSQL can
 * (a second one would answer the same updates and fail on the file's lock), so a second process refuses to
 * start, saying why. The operating system drops the lock when a process dies, even by kill -9.
 */
public final class ProcessLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ProcessLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock of the database's file; none is needed for PostgreSQL. */
    public static java.util.Optional<ProcessLock> acquire(Database database) {
        java.util.Optional<Path> file = database.sqliteFile();
        if (file.isEmpty()) {
            return java.util.Optional.empty();
        }
        Path lockFile = file.get().resolveSibling(file.get().getFileName() + ".lock");
        try {
            if (lockFile.getParent() != null) {
                Files.createDirectories(lockFile.getParent());
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another cmo-advisor process is using the database " + file.get()
                        + "; stop it first (one process per SQLite file; several instances need PostgreSQL: DATABASE_URL=postgres://…)");
            }
            return java.util.Optional.of(new ProcessLock(channel, lock));
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock the database " + file.get() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // The process ends or the lock is dropped anyway: nothing is left to do about it.
            throw new java.io.UncheckedIOException(e);
        }
    }
}
