package cmoadvisor.knowledge;

import cmoadvisor.TestKnowledge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnowledgeLoaderTest {
    @TempDir
    Path dir;

    @Test
    void load_readsTheProjectKnowledge_withEveryTopicInEveryLanguage() {
        KnowledgeBase knowledge = TestKnowledge.knowledge();
        assertThat(knowledge.topicIds()).hasSizeGreaterThanOrEqualTo(20)
                .contains("what-is-fractional-cmo", "retainer-model", "hourly-model", "project-model",
                        "inhouse-cmo-total-cost", "selection-criteria", "results-timeline");
        for (Lang lang : Lang.values()) {
            assertThat(knowledge.topics(lang)).as(lang.code()).hasSize(knowledge.topicIds().size());
        }
        assertThat(knowledge.pricing().model("retainer")).isPresent();
        assertThat(knowledge.synonymRules()).isNotEmpty();
    }

    @Test
    void load_answersAnEnglishReaderInRussian_whenTheTranslationIsMissing_thenInKyrgyz() throws IOException {
        copyProjectKnowledge();
        Files.delete(dir.resolve("en/retainer-model.md"));
        assertThat(new KnowledgeLoader().load(dir).topic("retainer-model", Lang.EN)).get()
                .extracting(Topic::lang).isEqualTo(Lang.RU);
        Files.delete(dir.resolve("ru/retainer-model.md"));
        assertThat(new KnowledgeLoader().load(dir).topic("retainer-model", Lang.EN)).get()
                .extracting(Topic::lang).isEqualTo(Lang.KY);
    }

    @Test
    void load_servesATopicWrittenFirstInRussian_inEveryLanguage_andSaysWhichLanguagesItLacks() throws IOException {
        copyProjectKnowledge();
        Files.writeString(dir.resolve("ru/tiktok-ads.md"), TestKnowledge.RUSSIAN_ONLY_TOPIC);
        KnowledgeBase knowledge = new KnowledgeLoader().load(dir);
        assertThat(knowledge.topicIds()).contains("tiktok-ads");
        for (Lang lang : Lang.values()) {
            assertThat(knowledge.topic("tiktok-ads", lang)).as(lang.code()).get().extracting(Topic::lang).isEqualTo(Lang.RU);
        }
        assertThat(knowledge.missingLanguages()).containsExactly(java.util.Map.entry("tiktok-ads", java.util.List.of(Lang.KY, Lang.EN)));
    }

    @Test
    void load_fallsBackToTheNearestLanguageTheTopicHas() throws IOException {
        copyProjectKnowledge();
        // Only English: every reader gets English.
        Files.writeString(dir.resolve("en/english-first.md"), "---\nid: english-first\ntitle: T\nquestions: [q]\n---\nBody\n");
        // Kyrgyz and English: a Russian reader gets the Kyrgyz original.
        Files.delete(dir.resolve("ru/retainer-model.md"));
        // Russian and English: a Kyrgyz reader gets Russian.
        Files.delete(dir.resolve("ky/hourly-model.md"));
        // Kyrgyz and Russian: an English reader gets Russian.
        Files.delete(dir.resolve("en/project-model.md"));
        KnowledgeBase knowledge = new KnowledgeLoader().load(dir);
        assertThat(knowledge.topic("english-first", Lang.KY)).get().extracting(Topic::lang).isEqualTo(Lang.EN);
        assertThat(knowledge.topic("retainer-model", Lang.RU)).get().extracting(Topic::lang).isEqualTo(Lang.KY);
        assertThat(knowledge.topic("hourly-model", Lang.KY)).get().extracting(Topic::lang).isEqualTo(Lang.RU);
        assertThat(knowledge.topic("project-model", Lang.EN)).get().extracting(Topic::lang).isEqualTo(Lang.RU);
        assertThat(knowledge.topic("project-model", Lang.KY)).get().extracting(Topic::lang).isEqualTo(Lang.KY);
        assertThat(knowledge.missingLanguages()).containsOnlyKeys("english-first", "retainer-model", "hourly-model", "project-model");
    }

    @Test
    void load_namesFilesAsTheyAreInTheFolder_neverByTheFoldersOwnPath() throws IOException {
        copyProjectKnowledge();
        Files.writeString(dir.resolve("ru/retainer-model.md"), "---\nid: retainer-model\ntitle: T\nquestions: [q]\nfoo: bar\n---\nBody\n");
        KnowledgeException e = catchKnowledgeException();
        assertThat(e.errors()).extracting(Object::toString)
                .containsExactly("ru" + java.io.File.separator + "retainer-model.md:5: unknown field 'foo'"
                        + " (allowed: id, title, questions, keywords, offer)");
        assertThat(e.getMessage()).contains(dir.toString()).contains("ru" + java.io.File.separator + "retainer-model.md:5");
    }

    @Test
    void load_listsEveryProblem_withFileAndLine() throws IOException {
        copyProjectKnowledge();
        Files.writeString(dir.resolve("ru/retainer-model.md"), "---\nid: retainer-model\ntitle: T\n");
        Files.writeString(dir.resolve("messages.yaml"), "decline:\n  ky: a\n  ru: b\n");
        Files.writeString(dir.resolve("synonyms.txt"), "# comment\ncmo, смо\nretainer, \n");
        KnowledgeException e = catchKnowledgeException();
        assertThat(e.errors()).extracting(Object::toString)
                .anySatisfy(s -> assertThat(s).contains("retainer-model.md:1: the front matter opened here is never closed"))
                .anySatisfy(s -> assertThat(s).contains("messages.yaml:1: the message 'decline' lacks a text in [EN]"))
                .anySatisfy(s -> assertThat(s).contains("messages.yaml: the message 'welcome' is missing"))
                .anySatisfy(s -> assertThat(s).contains("synonyms.txt:3: a rule is"));
    }

    @Test
    void load_checksDialogueYaml_withFileAndLine() throws IOException {
        copyProjectKnowledge();
        Path dialogue = dir.resolve("dialogue.yaml");
        String text = Files.readString(dialogue)
                .replace("  greet:\n", "  greeting:\n")
                .replace("- \"Эч нерсе эмес! Дагы суроолоруңуз болсо, жазыңыз.\"", "- \"Эч нерсе эмес, {price}!\"")
                .replace("  chaos: [", "  disorder: [");
        Files.writeString(dialogue, text);
        KnowledgeException e = catchKnowledgeException();
        assertThat(e.errors()).extracting(Object::toString)
                .anySatisfy(s -> assertThat(s).contains("dialogue.yaml:").contains("unknown act 'greeting'"))
                .anySatisfy(s -> assertThat(s).contains("the act 'greet' is missing"))
                .anySatisfy(s -> assertThat(s).contains("unknown placeholder {price}"))
                .anySatisfy(s -> assertThat(s).contains("sign_cues: quiz.yaml has no question 'disorder'"));
    }

    @Test
    void load_refusesMessagesTelegramWouldRefuse_withFileAndLine() throws IOException {
        copyProjectKnowledge();
        Path messages = dir.resolve("messages.yaml");
        Files.writeString(messages, Files.readString(messages)
                .replace("ru: Хорошо, теперь говорим по-русски.", "ru: Хорошо,<br>теперь <b>говорим по-русски."));
        KnowledgeException e = catchKnowledgeException();
        assertThat(e.errors()).extracting(Object::toString)
                .anySatisfy(s -> assertThat(s).contains("messages.yaml:").contains("'language_set' (ru) would be refused by Telegram"));
    }

    @Test
    void load_reportsAMissingFolder() {
        assertThatThrownBy(() -> new KnowledgeLoader().load(dir.resolve("nowhere")))
                .isInstanceOf(KnowledgeException.class)
                .hasMessageContaining("the knowledge folder does not exist");
    }

    @Test
    void load_rejectsAFileThatIsNotUtf8() throws IOException {
        copyProjectKnowledge();
        Files.write(dir.resolve("ky/retainer-model.md"), new byte[] {'-', '-', '-', '\n', (byte) 0xC0, (byte) 0xFF});
        assertThat(catchKnowledgeException().errors()).extracting(KnowledgeError::message)
                .anySatisfy(m -> assertThat(m).contains("not UTF-8"));
    }

    private KnowledgeException catchKnowledgeException() {
        try {
            new KnowledgeLoader().load(dir);
        } catch (KnowledgeException e) {
            return e;
        }
        throw new AssertionError("the knowledge loaded without errors");
    }

    private void copyProjectKnowledge() {
        TestKnowledge.copyTo(dir);
    }
}
