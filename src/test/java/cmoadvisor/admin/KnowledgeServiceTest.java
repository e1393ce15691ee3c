package cmoadvisor.admin;

import cmoadvisor.TestKnowledge;
import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.knowledge.KnowledgeLoader;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.AnswerEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnowledgeServiceTest {
    @TempDir
    Path dir;
    private KnowledgeService service;

    @BeforeEach
    void copyKnowledge() {
        TestKnowledge.copyTo(dir);
        service = new KnowledgeService(dir, new KnowledgeLoader().load(dir), kb -> new ConversationEngine(new AnswerEngine(kb),
                new ConversationEngine.Options(-1, Lang.RU, Duration.ofMinutes(60), Set.of(), null)),
                Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));
    }

    private String retainerBody(Lang lang) {
        return service.knowledge().topic("retainer-model", lang).orElseThrow().body();
    }

    @Test
    void reload_servesAValidEdit_andSaysWhatChanged() throws IOException {
        Path file = dir.resolve("ru/retainer-model.md");
        Files.writeString(file, Files.readString(file).replace("постоянная коммуникация", "постоянная связь"));
        ConversationEngine before = service.engine();
        KnowledgeService.Change change = service.reload();
        assertThat(change.applied()).isTrue();
        assertThat(change.changed()).containsExactly("retainer-model");
        assertThat(change.added()).isEmpty();
        assertThat(retainerBody(Lang.RU)).contains("постоянная связь");
        assertThat(service.engine()).isNotSameAs(before);
    }

    @Test
    void reload_refusesABrokenFolderWhole_andKeepsServingTheLastGoodKnowledge() throws IOException {
        String good = retainerBody(Lang.RU);
        Files.writeString(dir.resolve("ru/retainer-model.md"), "---\nid: retainer-model\n");
        Files.writeString(dir.resolve("en/brand-new.md"), "---\nid: brand-new\ntitle: T\n---\nBody\n");
        ConversationEngine before = service.engine();
        KnowledgeService.Change change = service.reload();
        assertThat(change.applied()).isFalse();
        assertThat(change.errors()).extracting(Object::toString)
                .anySatisfy(e -> assertThat(e).contains("retainer-model.md:1", "never closed"))
                .anySatisfy(e -> assertThat(e).isEqualTo(Path.of("en/brand-new.md") + ":1: 'questions' needs at least one way a prospect might ask for this topic"));
        assertThat(service.engine()).isSameAs(before);
        assertThat(retainerBody(Lang.RU)).isEqualTo(good);
    }

    @Test
    void reload_reportsAddedAndRemovedTopics_andOtherFiles() throws IOException {
        for (String lang : new String[] {"ky", "ru", "en"}) {
            Files.move(dir.resolve(lang + "/marketing-partner.md"), dir.resolve(lang + "/partner-format.md"));
            Path moved = dir.resolve(lang + "/partner-format.md");
            Files.writeString(moved, Files.readString(moved).replace("id: marketing-partner", "id: partner-format"));
        }
        Files.writeString(dir.resolve("followups.yaml"), Files.readString(dir.resolve("followups.yaml"))
                .replace("marketing-partner: [human, prices]", "partner-format: [human, prices]"));
        KnowledgeService.Change change = service.reload();
        assertThat(change.errors()).isEmpty();
        assertThat(change.added()).containsExactly("partner-format");
        assertThat(change.removed()).containsExactly("marketing-partner");
        assertThat(change.otherFiles()).containsExactly("followups.yaml");
    }

    @Test
    void apply_savesAValidUpload_keepingTheOldFileAsABackup() throws IOException {
        String edited = Files.readString(dir.resolve("en/hourly-model.md")).replace("low entry threshold", "a low entry threshold");
        KnowledgeService.Change change = service.apply("hourly-model.en.md", edited.getBytes(StandardCharsets.UTF_8), null);
        assertThat(change.changed()).containsExactly("hourly-model");
        assertThat(Files.readString(dir.resolve("en/hourly-model.md"))).isEqualTo(edited);
        assertThat(dir.resolve(".backup/en/hourly-model.md.20261126-120000")).exists();
        assertThat(service.knowledge().topic("hourly-model", Lang.EN).orElseThrow().body()).contains("a low entry threshold");
    }

    @Test
    void apply_refusesAnInvalidUpload_namingTheFileAndLine_andTouchesNothing() throws IOException {
        String before = Files.readString(dir.resolve("pricing.yaml"));
        KnowledgeService.Change change = service.apply("pricing.yaml",
                before.replace("price: {min: 50, max: 150, unit: hour}", "price: {min: 150, max: 50, unit: hour}")
                        .getBytes(StandardCharsets.UTF_8), null);
        assertThat(change.applied()).isFalse();
        assertThat(change.errors()).extracting(Object::toString)
                .anySatisfy(e -> assertThat(e).startsWith("pricing.yaml:").contains("min <= max"));
        assertThat(Files.readString(dir.resolve("pricing.yaml"))).isEqualTo(before);
        assertThat(dir.resolve(".backup")).doesNotExist();
    }

    @Test
    void apply_takesTheTopicsLanguageFromTheCaption() {
        KnowledgeService.Change change = service.apply("retainer-model.md",
                service.knowledge().topic("retainer-model", Lang.KY).orElseThrow().body().getBytes(StandardCharsets.UTF_8), "ru");
        // A body without front matter is refused: the language was understood, the file is invalid.
        assertThat(change.errors()).extracting(Object::toString).anySatisfy(e -> assertThat(e).contains("ru", "retainer-model.md"));
    }

    @Test
    void target_placesEveryKindOfFile() {
        assertThat(KnowledgeService.target("retainer-model.ru.md", null)).isEqualTo(Path.of("ru/retainer-model.md"));
        assertThat(KnowledgeService.target("retainer-model.md", " KY ")).isEqualTo(Path.of("ky/retainer-model.md"));
        assertThat(KnowledgeService.target("Quiz.yaml", null)).isEqualTo(Path.of("quiz.yaml"));
        assertThatThrownBy(() -> KnowledgeService.target("retainer-model.md", null)).hasMessageContaining("language");
        assertThatThrownBy(() -> KnowledgeService.target("../../etc/passwd", null)).hasMessageContaining("send a topic as");
        assertThatThrownBy(() -> KnowledgeService.target("photo.jpg", null)).hasMessageContaining("send a topic as");
    }

    @Test
    void reload_takesATopicWrittenOnlyInRussian_andWarnsOfTheLanguagesItLacks() throws IOException {
        Files.writeString(dir.resolve("ru/tiktok-ads.md"), TestKnowledge.RUSSIAN_ONLY_TOPIC);
        KnowledgeService.Change change = service.reload();
        assertThat(change.errors()).isEmpty();
        assertThat(change.added()).containsExactly("tiktok-ads");
        assertThat(change.missingLanguages()).containsExactly(java.util.Map.entry("tiktok-ads", java.util.List.of(Lang.KY, Lang.EN)));
        assertThat(service.knowledge().topic("tiktok-ads", Lang.KY).orElseThrow().lang()).isEqualTo(Lang.RU);
    }

    @Test
    void apply_namesTheBrokenFileAsItIsInTheFolder_neverTheScratchCopy() {
        KnowledgeService.Change change = service.apply("retainer-model.ru.md",
                "---\nid: retainer-model\ntitle: T\nquestions: [q]\nfoo: bar\n---\nBody\n".getBytes(StandardCharsets.UTF_8), null);
        assertThat(change.errors()).extracting(Object::toString)
                .containsExactly(Path.of("ru/retainer-model.md") + ":5: unknown field 'foo' (allowed: id, title, questions, keywords, offer)");
    }
}
