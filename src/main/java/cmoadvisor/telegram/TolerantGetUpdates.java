package cmoadvisor.telegram;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * getUpdates whose answer is read update by update. The library reads the whole batch at once, so one
 * update it cannot read fails the batch, and polling repeats the same offset for ever. Here an update that
 * does not read becomes a stand-in that carries only its update_id, so the offset moves on; its raw JSON
 * waits in {@link Unreadable} for the poller to store and report.
 */
final class TolerantGetUpdates extends GetUpdates {
    private static final ObjectMapper TREE = new ObjectMapper();

    /** Updates the library could not read, by update_id, until the poller takes them. */
    static final class Unreadable {
        record Raw(String json, String problem) {
        }

        private final Map<Integer, Raw> waiting = new ConcurrentHashMap<>();

        void put(int updateId, String json, String problem) {
            waiting.put(updateId, new Raw(json, problem));
        }

        Raw take(int updateId) {
            return waiting.remove(updateId);
        }
    }

    @JsonIgnore
    private final transient Unreadable unreadable;

    TolerantGetUpdates(int offset, int limit, int timeout, List<String> allowedUpdates, Unreadable unreadable) {
        super(offset, limit, timeout, allowedUpdates);
        this.unreadable = unreadable;
    }

    @Override
    public ArrayList<Update> deserializeResponse(String answer) throws TelegramApiRequestException {
        try {
            return super.deserializeResponse(answer);
        } catch (TelegramApiRequestException whole) {
            JsonNode root;
            try {
                root = TREE.readTree(answer);
            } catch (java.io.IOException notJson) {
                throw whole;
            }
            if (root == null || !root.path("ok").asBoolean(false) || !root.path("result").isArray()) {
                throw whole;
            }
            ArrayList<Update> updates = new ArrayList<>();
            for (JsonNode node : root.path("result")) {
                try {
                    // The library's own reading, one update at a time.
                    updates.addAll(super.deserializeResponse("{\"ok\":true,\"result\":[" + node + "]}"));
                } catch (TelegramApiRequestException bad) {
                    if (!node.path("update_id").canConvertToInt()) {
                        continue;
                    }
                    Update standIn = new Update();
                    standIn.setUpdateId(node.path("update_id").asInt());
                    unreadable.put(standIn.getUpdateId(), node.toString(), problem(bad));
                    updates.add(standIn);
                }
            }
            return updates;
        }
    }

    /** Where the update did not read (a field's path and the kind of mismatch), never the value found there. */
    static String problem(Throwable failure) {
        return problem(failure, 2);
    }

    /** @param envelopeSteps the steps of the path that lead to the update itself (getUpdates: "result", 0) */
    static String problem(Throwable failure, int envelopeSteps) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException mapping) {
                StringBuilder path = new StringBuilder();
                // The envelope's part is the same for every update: the path starts inside it.
                for (JsonMappingException.Reference step : mapping.getPath().subList(Math.min(envelopeSteps, mapping.getPath().size()), mapping.getPath().size())) {
                    if (step.getFieldName() != null) {
                        path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
                    } else if (step.getIndex() >= 0) {
                        path.append('[').append(step.getIndex()).append(']');
                    }
                }
                return mapping.getClass().getSimpleName() + " at " + (path.length() == 0 ? "the update" : path);
            }
        }
        return failure.getClass().getSimpleName();
    }
}
