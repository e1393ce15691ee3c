package cmoadvisor.conversation;

import java.util.function.Function;

/** The store contract on the in-memory store the engine's tests and {@code ask} use. */
class InMemoryStoreTest extends ConversationStoreContract {
    private final InMemoryStore store = new InMemoryStore();

    @Override
    protected <R> R inStore(Function<ConversationStore, R> work) {
        return work.apply(store);
    }
}
