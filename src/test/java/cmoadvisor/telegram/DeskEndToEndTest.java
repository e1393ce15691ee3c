package cmoadvisor.telegram;

import cmoadvisor.TestKnowledge;
import cmoadvisor.app.TelegramBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The agency's desk as its managers use it, through the real wiring, read as transcripts. */
class DeskEndToEndTest {
    private static final String TOKEN = "123456789:AAE-desk-end-to-end-token-xyz";
    private static final long AGENCY = -1001234567890L;
    private static final long PROSPECT = 501;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private FakeTelegramServer telegram;
    private TelegramBot bot;

    @BeforeEach
    void start() {
        telegram = FakeTelegramServer.start(TOKEN);
        bot = BotUnderTest.start(telegram, dir.resolve("bot.db"), Map.of("AGENCY_CHAT_ID", String.valueOf(AGENCY),
                "AGENCY_LANGUAGE", "ru"), TestKnowledge.DIR, TestKnowledge.knowledge(), WAIT);
    }

    @AfterEach
    void stop() {
        bot.close();
        telegram.close();
    }

    /** A Kyrgyz-speaking prospect without a username takes the quiz and leaves a lead. */
    private FakeTelegramServer.Request aLeadFromAKyrgyzProspect() {
        telegram.hasNoUsername(PROSPECT);
        telegram.userTextInLanguage(PROSPECT, "ky", "/quiz");
        long question = telegram.awaitMessageTo(PROSPECT, "1/5", WAIT).messageId();
        String[] answers = {"quiz:revenue:yes", "quiz:chaos:yes", "quiz:strategy:yes", "quiz:leader:no", "quiz:growth:yes"};
        for (int i = 0; i < answers.length; i++) {
            telegram.callbackInLanguage(PROSPECT, "ky", PROSPECT, question, answers[i]);
            question = telegram.awaitMessageTo(PROSPECT, i + 1 < answers.length ? (i + 2) + "/5" : "агенттиктеги адам", WAIT).messageId();
        }
        telegram.callbackInLanguage(PROSPECT, "ky", PROSPECT, question, "menu:human");
        telegram.awaitMessageTo(PROSPECT, "Телефон номериңиз", WAIT);
        telegram.userContact(PROSPECT, "+996555123456");
        telegram.awaitMessageTo(PROSPECT, "кайрылсак", WAIT);
        telegram.userTextInLanguage(PROSPECT, "ky", "Айгүл");
        long company = telegram.awaitMessageTo(PROSPECT, "компаниядансыз", WAIT).messageId();
        telegram.callbackInLanguage(PROSPECT, "ky", PROSPECT, company, "lead:skip");
        long consent = telegram.awaitMessageTo(PROSPECT, "байланышса", WAIT).messageId();
        telegram.callbackInLanguage(PROSPECT, "ky", PROSPECT, consent, "lead:agree");
        telegram.awaitMessageTo(PROSPECT, "Сиздин №1", WAIT);
        return telegram.awaitMessageTo(AGENCY, "Лид №1", WAIT);
    }

    @Test
    void twoManagersPressTakeAtTheSameInstant_oneOwnsTheLead_theOtherGetsAnAlert() {
        FakeTelegramServer.Request card = aLeadFromAKyrgyzProspect();
        telegram.callback(900, AGENCY, card.messageId(), "desk:take:1");
        telegram.callback(901, AGENCY, card.messageId(), "desk:take:1");

        telegram.awaitMessageTo(AGENCY, "взял @user900", WAIT);
        FakeTelegramServer.Request alert = telegram.awaitRequest("answerCallbackQuery",
                r -> r.params().path("show_alert").asBoolean(), WAIT);
        assertThat(alert.params().path("text").asText()).isEqualTo("Лид №1 уже взял @user900.");
        FakeTelegramServer.Request edited = telegram.awaitRequest("editMessageText",
                r -> r.params().path("message_id").asLong() == card.messageId(), WAIT);
        assertThat(edited.params().path("text").asText()).contains("Статус: взял @user900");
        assertThat(telegram.requests("sendMessage")).as("one owner")
                .filteredOn(r -> r.ok() && r.chatId() == AGENCY && telegram.readableText(r).contains("взял @")).hasSize(1);
    }

    @Test
    void theCard_isInTheAgencysLanguage_withALinkToAProspectWithoutAUsername() {
        FakeTelegramServer.Request card = aLeadFromAKyrgyzProspect();
        String html = card.params().path("text").asText();
        assertThat(html).contains("Статус: новый", "Рекомендация:</b> Ретейнер", "Тест:</b> 4/5 — ")
                .contains("<a href=\"tg://user?id=" + PROSPECT + "\">");
        assertThat(buttonIds(card)).containsExactly("desk:take:1", "desk:done:1", "desk:history:1");
    }

    @Test
    void mediaReachTheOtherSide_duringALead_bothWays() {
        aLeadFromAKyrgyzProspect();
        int toProspectBefore = telegram.sentMessages(PROSPECT).size();
        telegram.userMedia(PROSPECT, "photo");
        telegram.awaitMessageTo(AGENCY, "прислал(а): 📷 фото", WAIT);
        telegram.userMedia(PROSPECT, "voice");
        telegram.awaitMessageTo(AGENCY, "🎤 голосовое сообщение", WAIT);
        List<FakeTelegramServer.Request> copies = telegram.awaitRequests("copyMessage", 2, WAIT);
        assertThat(copies).allSatisfy(copy -> {
            assertThat(copy.chatId()).isEqualTo(AGENCY);
            assertThat(copy.params().path("from_chat_id").asLong()).isEqualTo(PROSPECT);
        });
        assertThat(telegram.sentMessages(PROSPECT)).as("nobody tells the prospect the bot reads only text")
                .extracting(m -> m.path("text").asText()).hasSize(toProspectBefore);

        long voiceCopy = copies.get(1).response().path("result").path("message_id").asLong();
        telegram.groupReplyMedia(AGENCY, 900, "manager_aida", voiceCopy, "document");
        FakeTelegramServer.Request toProspect = telegram.awaitRequest("copyMessage", r -> r.chatId() == PROSPECT, WAIT);
        assertThat(toProspect.params().path("from_chat_id").asLong()).isEqualTo(AGENCY);
    }

    @Test
    void aProspectWhoBlockedTheBot_isReportedOnceNextToTheLead_whichStaysOpen() {
        FakeTelegramServer.Request card = aLeadFromAKyrgyzProspect();
        telegram.refuseChat(PROSPECT, 403, "Forbidden: bot was blocked by the user");
        telegram.groupReply(AGENCY, 900, "manager_aida", card.messageId(), "Добрый день! Когда удобно созвониться?");
        FakeTelegramServer.Request notice = telegram.awaitMessageTo(AGENCY, "не доставлено", WAIT);
        assertThat(telegram.readableText(notice)).contains("Лид №1", "blocked by the user", "остаётся открытым");
        telegram.groupReply(AGENCY, 900, "manager_aida", card.messageId(), "Напишите, пожалуйста, когда сможете");
        for (int i = 0; i < 400 && telegram.requests("sendMessage").stream()
                .noneMatch(r -> r.status() == 403 && r.params().path("text").asText().contains("когда сможете")); i++) {
            sleep(50);
        }
        sleep(500);
        assertThat(telegram.requests("sendMessage")).as("told once")
                .filteredOn(r -> r.ok() && telegram.readableText(r).contains("не доставлено")).hasSize(1);
    }

    @Test
    void forgetInTheMiddleOfALead_tellsTheGroup_editsTheCard_andClosesTheLead() {
        FakeTelegramServer.Request card = aLeadFromAKyrgyzProspect();
        telegram.userTextInLanguage(PROSPECT, "ky", "/forget");
        long question = telegram.awaitMessageTo(PROSPECT, "өчүрөйүнбү", WAIT).messageId();
        telegram.callbackInLanguage(PROSPECT, "ky", PROSPECT, question, "forget:yes");
        telegram.awaitMessageTo(AGENCY, "клиент удалил свои данные, лид закрыт", WAIT);
        FakeTelegramServer.Request edit = telegram.awaitRequest("editMessageText",
                r -> r.params().path("message_id").asLong() == card.messageId(), WAIT);
        assertThat(edit.params().path("text").asText()).doesNotContain("+996555123456", "Айгүл");
        telegram.groupReply(AGENCY, 900, "manager_aida", card.messageId(), "Алло?");
        telegram.awaitMessageTo(AGENCY, "закрыт", WAIT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> buttonIds(FakeTelegramServer.Request message) {
        List<String> ids = new java.util.ArrayList<>();
        message.params().path("reply_markup").path("inline_keyboard")
                .forEach(row -> row.forEach(button -> ids.add(button.path("callback_data").asText())));
        return ids;
    }
}
