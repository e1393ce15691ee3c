package cmoadvisor.delivery;

import cmoadvisor.conversation.Inbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The events of updates this process just stored, read from the objects the poller already had: the
 * processor takes them from here instead of parsing the stored JSON back (Jackson was about a tenth of the
 * CPU per update). What is not here (an update stored before a restart, or by another instance) is read
 * from the database as before, so this only ever saves work.
 */
public final class FreshUpdates {
    /** Far more than are ever waiting; beyond it the oldest are dropped, and read from the database. */
    private static final int CAPACITY = 10_000;

    private final Map<Long, Optional<Inbound>> events = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<Inbound>> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Called once the update is stored. */
    public synchronized void put(long updateId, Optional<Inbound> event) {
        events.put(updateId, event);
    }

    /** The update's event if this process stored it, once: empty when it must be read from the database. */
    synchronized Optional<Optional<Inbound>> take(long updateId) {
        return Optional.ofNullable(events.remove(updateId));
    }
}
