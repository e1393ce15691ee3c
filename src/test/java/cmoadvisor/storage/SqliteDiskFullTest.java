package cmoadvisor.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite on a disk that fills up and is emptied again, on a real 2 MB tmpfs (so the test needs root and
 * mount(8); elsewhere it is skipped and says why): the bot must write again without a restart.
 */
class SqliteDiskFullTest {
    @TempDir
    Path dir;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        disk = dir.resolve("disk");
        Files.createDirectories(disk);
        mounted = DiskMount.tmpfs(disk, "2m");
        Assumptions.assumeTrue(mounted, "needs root and mount(8) for a 2 MB tmpfs; skipped");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            DiskMount.unmount(disk);
        }
    }

    @Test
    void transaction_afterTheDiskFilledAndWasEmptied_commitsWithoutARestart() throws IOException {
        Path filler = disk.resolve("filler");
        try (Database database = Database.open("jdbc:sqlite:" + disk.resolve("bot.db"))) {
            Migrations.migrate(database);
            Files.write(filler, new byte[1_400_000]);
            String row = "x".repeat(4000);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    database.transaction(c -> Sql.update(c, "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (?, 'in', ?, 0)",
                            p -> {
                                p.setLong(1, n);
                                p.setString(2, row);
                            }));
                }
            }).as("the disk fills up").isInstanceOf(StorageException.class).hasMessageContaining("full");

            Files.delete(filler);

            int written = database.transaction(c -> Sql.update(c,
                    "INSERT INTO transcripts (chat_id, direction, text, at) VALUES (-1, 'in', 'after', 0)", p -> { }));
            assertThat(written).isEqualTo(1);
            java.util.Optional<String> read = database.transaction(c -> Sql.one(c,
                    "SELECT text FROM transcripts WHERE chat_id = -1", p -> { }, r -> r.getString(1)));
            assertThat(read).contains("after");
        }
    }

    /** mount(8) for the disk-full tests; false where this process may not mount. */
    static final class DiskMount {
        private DiskMount() {
        }

        static boolean tmpfs(Path at, String size) throws Exception {
            if (!"root".equals(System.getProperty("user.name"))) {
                return false;
            }
            return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
        }

        static void unmount(Path at) throws Exception {
            run("umount", "-l", at.toString());
        }

        private static boolean run(String... command) throws Exception {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
