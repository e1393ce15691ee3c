package cmoadvisor.conversation;

import cmoadvisor.knowledge.Lang;

/**
 * A message for a chat, in the knowledge files' Markdown subset; adapters render it (plain text in the
 * console, HTML on Telegram).
 */
public record Outbound(long chatId, Lang lang, String markdown) {
}
