-- What the bot keeps about itself (the agency chat's state and new id), the chat of each stored update
-- (so that /forget finds them), and whether a prospect was told that the card waits.
CREATE TABLE bot_state (
    name        TEXT   PRIMARY KEY,
    value       TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL
);
ALTER TABLE inbound_updates ADD COLUMN chat_id BIGINT;
CREATE INDEX inbound_by_chat ON inbound_updates (chat_id);
ALTER TABLE leads ADD COLUMN delay_told_at BIGINT;
