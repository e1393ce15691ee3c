-- Several instances on one database: an update or an outbox entry is claimed by one of them for a while
-- (a lease); one that dies leaves its claims to expire, and another finishes the work.
ALTER TABLE inbound_updates ADD COLUMN claimed_by TEXT;
ALTER TABLE inbound_updates ADD COLUMN claimed_until BIGINT;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
