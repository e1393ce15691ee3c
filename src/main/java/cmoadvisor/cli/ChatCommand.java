package cmoadvisor.cli;

import cmoadvisor.app.BotConfig;
import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.conversation.Inbound;
import cmoadvisor.conversation.Person;
import cmoadvisor.delivery.InboundProcessor;
import cmoadvisor.delivery.OutboxSender;
import cmoadvisor.knowledge.Lang;
import cmoadvisor.search.AnswerEngine;
import cmoadvisor.storage.Database;
import cmoadvisor.storage.Json;
import cmoadvisor.storage.Migrations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code chat}: the whole bot in a terminal, on the same engine and outbox as on Telegram, with a database
 * of its own (CONSOLE_DATABASE_URL, by default data/console.db); a lead is saved there and its card printed
 * here instead of the agency's group.
 */
final class ChatCommand {
    private static final long CONSOLE_CHAT_ID = 1L;
    /** Where lead cards go without an agency group: a group-like (negative) id of the terminal. */
    private static final long CONSOLE_AGENCY_CHAT_ID = -1L;

    private final AnswerEngine answers;
    private final BotConfig config;

    ChatCommand(AnswerEngine answers, BotConfig config) {
        this.answers = answers;
        this.config = config;
    }

    int run(Optional<Lang> lang, BufferedReader in, PrintStream out) throws IOException {
        Clock clock = Clock.systemUTC();
        Json json = new Json();
        ConversationEngine engine = new ConversationEngine(answers, config.engineOptions(CONSOLE_AGENCY_CHAT_ID));
        ConsoleGateway console = new ConsoleGateway(out, CONSOLE_CHAT_ID);
        // The console has no admins: nobody here can send an admin's command.
        // Reminders come due as in the bot (a lead left in the console is announced to its "agency chat").
        java.util.concurrent.atomic.AtomicReference<InboundProcessor> reminders = new java.util.concurrent.atomic.AtomicReference<>();
        cmoadvisor.delivery.MessageGateway gateway = new cmoadvisor.delivery.RoutingGateway(console,
                new cmoadvisor.delivery.WebhookGateway(),
                task -> new cmoadvisor.delivery.MessageGateway.Delivery.Rejected("the console has no admin desk"),
                reminder -> reminders.get().fire(reminder));
        // Apart from the bot's database: a lead made up here must not count in the real /stats and /leads.
        try (Database database = Database.open(config.consoleDatabaseUrl())) {
            Migrations.migrate(database);
            OutboxSender sender = new OutboxSender(database, json, gateway, clock);
            InboundProcessor processor = new InboundProcessor(database, json, () -> engine, gateway, sender,
                    payload -> Optional.empty(), clock);
            reminders.set(processor);
            // --lang is the language the console user's "Telegram" is set to: the greeting comes in it, and
            // later replies follow the language of each message, as on Telegram.
            Person user = new Person(CONSOLE_CHAT_ID, "console", "Console", lang.map(Lang::code).orElse(null));
            processor.handle(new Inbound.Text(CONSOLE_CHAT_ID, user, "/start", null));
            sender.deliverDue();
            out.println("(type a question; numbers pick a button; /help, /quit)");
            while (true) {
                out.print("> ");
                out.flush();
                String line = in.readLine();
                if (line == null || line.strip().equalsIgnoreCase("/quit") || line.strip().equalsIgnoreCase("/exit")) {
                    out.println();
                    return 0;
                }
                if (line.isBlank()) {
                    continue;
                }
                Inbound inbound = console.choice(line)
                        .<Inbound>map(b -> new Inbound.ButtonPress(CONSOLE_CHAT_ID, user, "console", 0, b.id()))
                        .orElseGet(() -> new Inbound.Text(CONSOLE_CHAT_ID, user, line, null));
                processor.handle(inbound);
                sender.deliverDue();
            }
        }
    }
}
