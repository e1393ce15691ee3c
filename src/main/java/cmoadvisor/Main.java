package cmoadvisor;

import cmoadvisor.cli.Application;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Entry point: the only place that ends the process, with the exit code the command returned. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // The /stats picture is drawn in memory: no screen is wanted, and a server has none.
        System.setProperty("java.awt.headless", "true");
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new Application(System.getenv(), new FileInputStream(FileDescriptor.in), out, err).run(args);
        out.flush();
        err.flush();
        if (code != 0) {
            System.exit(code);
        }
    }
}
