package cmoadvisor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Work done beside a start (the database, the search engine), taken up where it is needed. */
public final class Futures {
    private Futures() {
    }

    /**
     * The work's result, waited for; what failed there fails here as it would have in line, with its own
     * exception rather than a {@link CompletionException} around it.
     */
    public static <T> T joined(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
