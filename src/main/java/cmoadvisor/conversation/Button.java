package cmoadvisor.conversation;

import java.nio.charset.StandardCharsets;

/**
 * An inline button. {@code id} is what comes back when it is pressed (Telegram's callback data), so it is
 * stable and never derived from the label, and it fits Telegram's 64-byte limit.
 */
public record Button(String id, String label) {
    public static final int MAX_ID_BYTES = 64;

    public Button {
        if (id == null || id.isEmpty() || id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("button id must be 1.." + MAX_ID_BYTES + " bytes: " + id);
        }
    }
}
