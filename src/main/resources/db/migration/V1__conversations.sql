-- Sessions, leads, the agency-chat message map, inbound updates, the outbox and transcripts.
-- ${id} is the dialect's auto-increment primary key; times are epoch milliseconds.

CREATE TABLE sessions (
    chat_id     BIGINT PRIMARY KEY,
    data        TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE leads (
    id             ${id},
    chat_id        BIGINT NOT NULL,
    user_id        BIGINT,
    username       TEXT,
    first_name     TEXT,
    name           TEXT,
    phone          TEXT,
    company        TEXT,
    lang           TEXT   NOT NULL,
    source         TEXT,
    quiz           TEXT,
    last_questions TEXT,
    consent_text   TEXT,
    consent_at     BIGINT,
    status         TEXT   NOT NULL,
    taken_by       TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX leads_by_chat ON leads (chat_id);

CREATE TABLE agency_messages (
    chat_id     BIGINT NOT NULL,
    message_id  BIGINT NOT NULL,
    lead_id     BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

CREATE TABLE inbound_updates (
    update_id    BIGINT PRIMARY KEY,
    payload      TEXT   NOT NULL,
    received_at  BIGINT NOT NULL,
    processed_at BIGINT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT
);
CREATE INDEX inbound_pending ON inbound_updates (processed_at, update_id);

CREATE TABLE outbox (
    id              ${id},
    chat_id         BIGINT NOT NULL,
    payload         TEXT   NOT NULL,
    lead_id         BIGINT,
    created_at      BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at         BIGINT,
    failed_at       BIGINT,
    message_id      BIGINT,
    last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, failed_at, next_attempt_at);

CREATE TABLE transcripts (
    id         ${id},
    chat_id    BIGINT NOT NULL,
    direction  TEXT   NOT NULL,
    text       TEXT   NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX transcripts_by_chat ON transcripts (chat_id);
