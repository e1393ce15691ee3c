package cmoadvisor.admin;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.KnowledgeException;
import cmoadvisor.knowledge.KnowledgeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A restart with a broken knowledge folder serves the last good copy and says what is wrong. */
class LastGoodKnowledgeTest {
    @TempDir
    Path dir;

    @Test
    void load_keepsACopyOfAGoodFolder_andServesItWhenTheFolderBreaks() throws IOException {
        Path folder = dir.resolve("knowledge");
        Files.createDirectories(folder);
        TestKnowledge.copyTo(folder);
        LastGoodKnowledge lastGood = new LastGoodKnowledge(dir.resolve("data/last-good"));
        Files.createDirectories(dir.resolve("data"));

        LastGoodKnowledge.Start first = lastGood.load(new KnowledgeLoader(), folder);
        assertThat(first.folderErrors()).isEmpty();
        assertThat(dir.resolve("data/last-good/ru/retainer-model.md")).exists();

        Files.writeString(folder.resolve("quiz.yaml"), "questions: [");
        LastGoodKnowledge.Start broken = lastGood.load(new KnowledgeLoader(), folder);
        assertThat(broken.folderErrors()).extracting(Object::toString).anySatisfy(e -> assertThat(e).contains("quiz.yaml"));
        assertThat(broken.knowledge().quiz().questions()).hasSize(5);
        assertThat(dir.resolve("data/last-good/quiz.yaml")).content().doesNotContain("questions: [");
    }

    @Test
    void load_withoutACopy_reportsTheBrokenFolderAsBefore() throws IOException {
        Path folder = dir.resolve("knowledge");
        Files.createDirectories(folder);
        TestKnowledge.copyTo(folder);
        Files.writeString(folder.resolve("quiz.yaml"), "questions: [");
        assertThatThrownBy(() -> new LastGoodKnowledge(dir.resolve("none")).load(new KnowledgeLoader(), folder))
                .isInstanceOf(KnowledgeException.class).hasMessageContaining("quiz.yaml");
    }
}
