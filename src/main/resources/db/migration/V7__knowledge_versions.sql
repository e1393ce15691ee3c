-- Several instances on one PostgreSQL: each knowledge folder that passed validation and was served, so
-- that an admin's upload or /reload on one instance reaches the others.
CREATE TABLE knowledge_versions (
    id           ${id},
    fingerprint  TEXT   NOT NULL,
    files        TEXT   NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX knowledge_versions_by_fingerprint ON knowledge_versions (fingerprint);
