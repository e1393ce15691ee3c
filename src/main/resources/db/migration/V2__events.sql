-- What happened in conversations, for the funnel statistics and the list of unanswered questions.
CREATE TABLE events (
    id       ${id},
    chat_id  BIGINT NOT NULL,
    kind     TEXT   NOT NULL,
    source   TEXT,
    lang     TEXT,
    topic    TEXT,
    text     TEXT,
    at       BIGINT NOT NULL
);
CREATE INDEX events_by_time ON events (at, kind);
