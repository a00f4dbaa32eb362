-- The transactions (TxDtls) of a statement are written on a second connection while the file's
-- own transaction writes the entries: on two cores the server then runs both COPYs at once
-- (issue 3: a million entries with their transactions 17.8-18.8 s instead of 19.3-21.5 s). Two
-- transactions cannot commit as one, so the second one commits first and leaves this marker,
-- which the file's transaction deletes again before it commits:
--   both committed              marker gone, entries and transactions there;
--   the file's transaction not  marker left, transactions under a statement id that never
--                               committed (ids are never reused, nothing joins to them);
-- the next import deletes such orphans (StatementImporter.RemoveOrphanedTransactionsAsync). While
-- the file's transaction is still running it holds an advisory lock on the statement id, so a
-- concurrent import never mistakes its marker for an orphan.
CREATE TABLE recon.transaction_load (
    statement_id  bigint       PRIMARY KEY,
    loaded_at     timestamptz  NOT NULL DEFAULT now()
);
