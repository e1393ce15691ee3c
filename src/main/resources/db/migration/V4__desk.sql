-- The desk: reminders already sent (so that a reminder retried after a crash is not sent twice), the
-- people seen working the desk (offered when a lead is handed over), and the forum topic of each lead.
CREATE TABLE reminders (
    kind     TEXT   NOT NULL,
    subject  BIGINT NOT NULL,
    since    BIGINT NOT NULL,
    sent_at  BIGINT NOT NULL,
    PRIMARY KEY (kind, subject, since)
);
CREATE TABLE desk_members (
    chat_id     BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    handle      TEXT   NOT NULL,
    seen_at     BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE TABLE lead_topics (
    lead_id    BIGINT PRIMARY KEY,
    chat_id    BIGINT NOT NULL,
    thread_id  BIGINT NOT NULL
);
CREATE INDEX lead_topics_by_thread ON lead_topics (chat_id, thread_id);
