package cmoadvisor.storage;

/** Told of every transaction's outcome, so that a fault that lasts is noticed (see {@code StorageAlarm}). */
public interface FaultWatch {
    FaultWatch NONE = new FaultWatch() {
        @Override
        public void failed(StorageException fault) {
        }

        @Override
        public void succeeded() {
        }
    };

    /** A transaction failed even on a fresh connection. Called with the database's lock held: return quickly. */
    void failed(StorageException fault);

    /** A transaction committed. Called with the database's lock held: return quickly. */
    void succeeded();
}
