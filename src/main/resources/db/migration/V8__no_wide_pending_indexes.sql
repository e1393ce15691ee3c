-- The unsent outbox entries and the unprocessed updates have partial indexes of their own (V5). The wide
-- indexes of V1 over every row only cost: SQLite chose outbox_pending for the sender's look for due entries
-- and then sorted them (115 µs at 50 unsent entries, 52 µs over outbox_unsent), and each send and each
-- processed update rewrote an entry of both. Retention, once a day, scans the tables instead.
DROP INDEX IF EXISTS outbox_pending;
DROP INDEX IF EXISTS inbound_pending;
