package cmoadvisor.storage;

import java.sql.Connection;
import java.time.Clock;
import java.util.Optional;

/** Named values the bot keeps about itself across restarts (the agency chat's new id, a fault being reported). */
public final class BotState {
    private final Connection c;
    private final Clock clock;

    public BotState(Connection connection, Clock clock) {
        this.c = connection;
        this.clock = clock;
    }

    public Optional<String> get(String name) {
        return Sql.one(c, "SELECT value FROM bot_state WHERE name = ?", p -> p.setString(1, name), r -> r.getString(1));
    }

    public void put(String name, String value) {
        Sql.update(c, "DELETE FROM bot_state WHERE name = ?", p -> p.setString(1, name));
        Sql.update(c, "INSERT INTO bot_state (name, value, updated_at) VALUES (?, ?, ?)", p -> {
            p.setString(1, name);
            p.setString(2, value);
            p.setLong(3, clock.millis());
        });
    }

    /** Stores the value unless the name has one; true when this call stored it (only one caller wins). */
    public boolean putIfAbsent(String name, String value) {
        return Sql.update(c, "INSERT INTO bot_state (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING", p -> {
            p.setString(1, name);
            p.setString(2, value);
            p.setLong(3, clock.millis());
        }) == 1;
    }

    /** True when there was a value to remove. */
    public boolean remove(String name) {
        return Sql.update(c, "DELETE FROM bot_state WHERE name = ?", p -> p.setString(1, name)) == 1;
    }
}
