package cmoadvisor.conversation;

import cmoadvisor.TestKnowledge;
import cmoadvisor.knowledge.Lang;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationEngineTest {
    private final ConversationEngine engine = new ConversationEngine(TestKnowledge.engine());
    private final Transcript chat = new Transcript(engine, 42);

    private static String message(String key, Lang lang) {
        return TestKnowledge.knowledge().messages().get(key, lang);
    }

    @Test
    void start_greetsInKyrgyz_andAQuestionIsAnsweredInItsLanguage() {
        chat.user("/start").bot(r -> r.isEqualTo(message("welcome", Lang.KY).strip()))
                .user("Ретейнер канча турат?").botSays("$2 000–5 000")
                .user("А сколько стоит час работы?").botSays("$50–150");
        assertThat(chat.lastReply().lang()).isEqualTo(Lang.RU);
    }

    @Test
    void lang_switchesTheLanguage_forEveryLaterReply() {
        chat.user("/lang en").bot(r -> r.isEqualTo(message("language_set", Lang.EN)))
                .user("Ретейнер канча турат?").botSays("$2 000–5 000", "month");
        assertThat(chat.lastReply().lang()).isEqualTo(Lang.EN);
    }

    @Test
    void lang_withoutAValidCode_showsHelp() {
        chat.user("/lang fr").bot(r -> r.isEqualTo(message("help", Lang.KY).strip()));
    }

    @Test
    void anUnknownCommand_getsHelp_inTheChatsLanguage() {
        chat.user("What is a fractional CMO?")
                .user("/nonsense").bot(r -> r.isEqualTo(message("help", Lang.EN).strip()));
    }

    @Test
    void aQuestionOutsideTheKnowledge_isDeclinedPolitely() {
        chat.user("Сколько стоит ремонт квартиры?").bot(r -> r.isEqualTo(message("decline", Lang.RU).strip()));
    }

    @Test
    void commandsAddressedToTheBotByName_work() {
        chat.user("/help@cmo_advisor_bot").bot(r -> r.isEqualTo(message("help", Lang.KY).strip()));
    }

    @Test
    void chatsAreIndependent() {
        Transcript other = new Transcript(engine, 7);
        chat.user("/lang ru");
        other.user("Ретейнер канча турат?");
        assertThat(other.lastReply().lang()).isEqualTo(Lang.KY);
    }
}
