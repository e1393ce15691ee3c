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
            if (cause(e) instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** What failed in the work: the exception a {@link CompletionException} wraps, or the failure itself. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
