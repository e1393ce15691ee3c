package cmoadvisor.knowledge;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Path;

/**
 * Reads YAML into the knowledge's types, turning Jackson's exceptions into errors an admin can act on:
 * the file, the line in that file, and what is wrong. Unknown fields are errors, so a misspelt key is
 * caught instead of silently ignored.
 */
final class YamlReader {
    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The value read, or the error that prevented it. */
    record Read<T>(T value, KnowledgeError error) {
    }

    <T> Read<T> read(Path file, String content, Class<T> type) {
        return read(file, content, 1, yaml.constructType(type));
    }

    <T> Read<T> read(Path file, String content, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        return read(file, content, 1, yaml.constructType(type));
    }

    /** @param firstLine the file's line on which {@code content} starts (front matter starts on line 2) */
    <T> Read<T> read(Path file, String content, int firstLine, JavaType type) {
        try {
            return new Read<>(yaml.readValue(content.isBlank() ? "{}" : content, type), null);
        } catch (UnrecognizedPropertyException e) {
            int line = YamlLines.lineOfKey(content, e.getPropertyName(), firstLine, fileLine(e.getLocation(), firstLine));
            return new Read<>(null, KnowledgeError.of(file, line, Problem.UNKNOWN_FIELD, "field", e.getPropertyName()));
        } catch (JsonProcessingException e) {
            return new Read<>(null, KnowledgeError.of(file, fileLine(e.getLocation(), firstLine), Problem.NOT_YAML,
                    "detail", e.getOriginalMessage()));
        }
    }

    JavaType type(Class<?> type) {
        return yaml.constructType(type);
    }

    private static int fileLine(JsonLocation location, int firstLine) {
        return location == null || location.getLineNr() < 1 ? firstLine : location.getLineNr() + firstLine - 1;
    }
}
