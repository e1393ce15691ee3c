package cmoadvisor.app;

import cmoadvisor.conversation.Commands;
import cmoadvisor.delivery.MessageGateway.Delivery;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.knowledge.Messages;
import cmoadvisor.telegram.TelegramGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The command menus Telegram shows, made from {@link Commands}: prospects' commands for every chat, the same
 * and the admin commands in each admin's private chat, and the desk's help alone in the agency group (a
 * chat's own menu hides the general one there, so the group never offers /quiz and prospects never see
 * /stats).
 */
final class CommandMenus {
    private static final Logger log = LoggerFactory.getLogger(CommandMenus.class);
    private static final long LONGEST_WAIT_MS = 30_000;

    /** One menu: the chat it is for (null: every chat without a menu of its own), in one language ("" for the rest). */
    record Menu(Long chatId, String languageCode, List<BotCommand> commands) {
        @Override
        public String toString() {
            return (chatId == null ? "every chat" : "chat " + chatId) + ", language '" + languageCode + "'";
        }
    }

    private final TelegramGateway gateway;

    CommandMenus(TelegramGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Every menu of the bot. A chat's menu in one language is what a user whose app is in that language sees;
     * the one without a language, everyone else: Kyrgyz for prospects, AGENCY_LANGUAGE for the agency's people.
     */
    static List<Menu> all(Messages messages, Set<Long> admins, Long agencyChatId, Lang agencyLanguage) {
        List<Menu> menus = new ArrayList<>(inEveryLanguage(null, Lang.PRIMARY, Commands.PROSPECT, messages));
        List<Commands.Command> adminMenu = Stream.concat(Commands.PROSPECT.stream(), Commands.ADMIN.stream()).toList();
        admins.stream().sorted().forEach(admin -> menus.addAll(inEveryLanguage(admin, agencyLanguage, adminMenu, messages)));
        if (agencyChatId != null) {
            // The group's people read the desk in AGENCY_LANGUAGE, whatever their apps are set to.
            menus.add(new Menu(agencyChatId, "", described(Commands.AGENCY, agencyLanguage, messages)));
        }
        return menus;
    }

    private static List<Menu> inEveryLanguage(Long chatId, Lang otherwise, List<Commands.Command> commands, Messages messages) {
        List<Menu> menus = new ArrayList<>();
        menus.add(new Menu(chatId, "", described(commands, otherwise, messages)));
        for (Lang lang : Lang.values()) {
            menus.add(new Menu(chatId, lang.code(), described(commands, lang, messages)));
        }
        return menus;
    }

    private static List<BotCommand> described(List<Commands.Command> commands, Lang lang, Messages messages) {
        return commands.stream().map(c -> new BotCommand(c.name(), messages.get(c.descriptionKey(), lang))).toList();
    }

    /**
     * Sets the menus one after another, each tried again while Telegram is unreachable; returns early only when
     * the thread is interrupted (the bot stops). A menu Telegram refuses is logged and the rest still set: an
     * admin who has never opened a chat with the bot is "chat not found" until they do.
     */
    void register(List<Menu> menus) {
        for (Menu menu : menus) {
            if (!register(menu)) {
                return;
            }
        }
    }

    private boolean register(Menu menu) {
        long wait = 1000;
        while (true) {
            Delivery result = gateway.setCommands(menu.chatId(), menu.languageCode(), menu.commands());
            if (!(result instanceof Delivery.RetryLater later)) {
                if (!(result instanceof Delivery.Sent)) {
                    log.warn("Telegram refused the command menu for {} ({}); it is set again at the next start", menu, result);
                }
                return true;
            }
            long pause = later.after() != null ? later.after().toMillis() : wait;
            log.warn("could not set the command menu for {} ({}); trying again in {} s", menu, later.error(), pause / 1000);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            wait = Math.min(wait * 2, LONGEST_WAIT_MS);
        }
    }
}
