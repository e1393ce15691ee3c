package cmoadvisor.cli;

import cmoadvisor.conversation.ConversationEngine;
import cmoadvisor.knowledge.KnowledgeBase;
import cmoadvisor.knowledge.KnowledgeException;
import cmoadvisor.knowledge.KnowledgeLoader;
import cmoadvisor.search.AnswerEngine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Dispatches a command line to its command; returns the process exit code instead of exiting. */
public final class Application {
    static final String USAGE = """
            usage: java -jar cmo-advisor.jar [COMMAND] [--knowledge DIR] [--lang ky|ru|en]
              (no command)       run the Telegram bot (needs TELEGRAM_BOT_TOKEN)
              chat               chat with the bot in this terminal
              ask [QUESTION...]  answer QUESTION, or each line of standard input, as JSON lines
                                 (--explain adds the ranked topics and the question's terms)
              check-knowledge    validate the knowledge folder and exit non-zero on errors
              bench [FILE]       measure answers per second on one thread
            --knowledge DIR (or KNOWLEDGE_DIR) points at the knowledge folder; default ./knowledge
            """;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    public Application(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        this.env = env;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        CommandLine cmd;
        try {
            cmd = CommandLine.parse(args, env);
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (cmd.command()) {
                case "ask" -> new AskCommand(engine(cmd)).explaining(cmd.arguments().contains("--explain"))
                        .run(cmd.arguments().stream().filter(a -> !a.equals("--explain")).toList(), cmd.lang(), reader(), out);
                case "chat" -> new ChatCommand(new ConversationEngine(engine(cmd))).run(cmd.lang(), reader(), out);
                case "bench" -> new BenchCommand(engine(cmd)).run(cmd.arguments(), out);
                case "check-knowledge" -> checkKnowledge(cmd);
                case "bot" -> bot(cmd);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    err.println("unknown command '" + cmd.command() + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (KnowledgeException e) {
            err.println(e.getMessage());
            return 1;
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("I/O error: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("I/O error: " + e.getCause().getMessage());
            return 1;
        }
    }

    private int checkKnowledge(CommandLine cmd) {
        var dir = cmd.arguments().isEmpty() ? cmd.knowledgeDir() : java.nio.file.Path.of(cmd.arguments().get(0));
        KnowledgeBase knowledge = new KnowledgeLoader().load(dir);
        // Building the engine also checks the synonyms against the analyzers.
        new AnswerEngine(knowledge);
        out.printf("%s: OK, %d topics%n", dir, knowledge.topicIds().size());
        return 0;
    }

    private int bot(CommandLine cmd) {
        String token = env.get("TELEGRAM_BOT_TOKEN");
        if (token == null || token.isBlank()) {
            err.println("""
                    TELEGRAM_BOT_TOKEN is not set, so the Telegram bot cannot start.
                    Get a token from @BotFather and run:  TELEGRAM_BOT_TOKEN=123:ABC java -jar target/cmo-advisor.jar
                    Or talk to the bot in this terminal:  java -jar target/cmo-advisor.jar chat""");
            return 2;
        }
        err.println("The Telegram transport is not part of this build yet; use 'chat' to talk to the bot.");
        return 2;
    }

    private AnswerEngine engine(CommandLine cmd) {
        return new AnswerEngine(new KnowledgeLoader().load(cmd.knowledgeDir()));
    }

    private BufferedReader reader() {
        return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    }
}
