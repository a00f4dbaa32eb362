-- Soll-Stellungen (receivables) from the specialist procedures, and what is still open on them.
--
-- Open amounts: recon.soll.open_amount is stored, so that matching reads positions and their open
-- amounts in one query (ReceivableQueries.OpenByKassenzeichenAsync). It is always derivable:
--
--   position (betrag >= 0):  open_amount = betrag
--                                         - sum(soll_absetzung.amount WHERE soll_id = id)
--                                         - sum(IST bookings onto the position) + sum(their reversals)
--   Absetzung (betrag < 0):  open_amount = betrag
--                                         + sum(soll_absetzung.amount WHERE absetzung_id = id)
--                            i.e. minus the part of the reduction not yet applied to a position.
--
-- Per Kassenzeichen the open amount is sum(open_amount) over all its rows. recon.soll_allocate_absetzungen()
-- keeps the invariant that a Kassenzeichen never has positions with open_amount > 0 and Absetzungen
-- with open_amount < 0 at the same time, so what matching sees (positions with open_amount > 0) is
-- never negative and adds up to the Kassenzeichen's open amount. A Kassenzeichen whose sum is
-- negative has been reduced below what was still owed (paid before the Absetzung came): a credit
-- that is not ours to pay out; it shows as no open position.
--
-- Absetzungen (negative rows) are allocated to the positions of their Kassenzeichen by due date,
-- YOUNGEST first (a reduction usually corrects the latest Bescheid), while payments go to the
-- OLDEST first (contract section 6), so the two rarely compete for the same position. Older
-- Absetzungen are applied first. The allocation is recorded pair by pair in recon.soll_absetzung.
--
-- How the booking code (IST bookings, later migration) must maintain open_amount, in the SAME
-- transaction as it writes the booking:
--   * IST of x onto position p:
--       UPDATE recon.soll SET open_amount = open_amount - x WHERE id = p AND open_amount >= x;
--     exactly one row must be updated, else the position was not open enough (book the rest as VWG).
--   * a return or reversal of such an IST of x:
--       UPDATE recon.soll SET open_amount = open_amount + x WHERE id = p;
--       SELECT recon.soll_allocate_absetzungen();
--     (the reopened amount may absorb an Absetzung that found nothing open before).
--   * never touch rows with betrag < 0 directly; only soll_allocate_absetzungen() does.
-- The importer calls soll_allocate_absetzungen() after every file, in the file's transaction.

CREATE TABLE recon.soll (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- "C" collation: these are codes, compared byte-wise; and the unique index builds much faster.
    verfahren        text COLLATE "C" NOT NULL,
    anordnungs_nr    text COLLATE "C" NOT NULL,
    kassenzeichen    text COLLATE "C" NOT NULL,
    betrag           numeric(15,2) NOT NULL,
    waehrung         char(3)       NOT NULL DEFAULT 'EUR' CHECK (waehrung = 'EUR'),
    faellig          date          NOT NULL,
    schuldner        text          NOT NULL,
    iban             text,
    haushaltsstelle  text          NOT NULL,
    text             text,
    -- SHA-256 of the row's normalised content: a re-delivered identical row is skipped, a
    -- different one rejects its file (ReceivableImporter).
    content_hash     bytea         NOT NULL CHECK (octet_length(content_hash) = 32),
    -- The file the row came from. No foreign key on purpose: the check would fire once per row
    -- (a million times for a large file, a third of the import time); the importer writes the
    -- row and its recon.import_file row in one transaction, and import files are never deleted.
    import_file_id   bigint        NOT NULL,
    line_number      integer       NOT NULL,
    open_amount      numeric(15,2) NOT NULL,
    CONSTRAINT soll_verfahren_anordnungs_nr UNIQUE (verfahren, anordnungs_nr),
    CONSTRAINT soll_open_amount_within_betrag CHECK (
        (betrag >= 0 AND open_amount BETWEEN 0 AND betrag)
        OR (betrag < 0 AND open_amount BETWEEN betrag AND 0))
);

CREATE INDEX soll_kassenzeichen ON recon.soll (kassenzeichen);

-- Absetzungen with a part not yet applied: few rows, read on every import.
CREATE INDEX soll_unallocated_absetzung ON recon.soll (kassenzeichen) WHERE open_amount < 0;

CREATE TABLE recon.soll_absetzung (
    absetzung_id  bigint        NOT NULL REFERENCES recon.soll (id),
    soll_id       bigint        NOT NULL REFERENCES recon.soll (id),
    amount        numeric(15,2) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (absetzung_id, soll_id)
);

CREATE INDEX soll_absetzung_soll ON recon.soll_absetzung (soll_id);

-- Applies every unallocated Absetzung to the open positions of its Kassenzeichen (youngest due
-- date first), in one set-based statement: the unallocated credits and the open positions of a
-- Kassenzeichen are laid end to end as intervals, and each overlap is one allocation. Returns the
-- number of (Absetzung, position) pairs written. Idempotent: a second call finds nothing to do.
CREATE FUNCTION recon.soll_allocate_absetzungen() RETURNS integer
LANGUAGE sql AS $$
    WITH credit AS (
        SELECT id, kassenzeichen, -open_amount AS amount,
               coalesce(sum(-open_amount) OVER (PARTITION BY kassenzeichen ORDER BY faellig, id
                                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS start_at
        FROM recon.soll
        WHERE open_amount < 0
    ), debit AS (
        SELECT id, kassenzeichen, open_amount AS amount,
               coalesce(sum(open_amount) OVER (PARTITION BY kassenzeichen ORDER BY faellig DESC, id DESC
                                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS start_at
        FROM recon.soll
        WHERE open_amount > 0 AND kassenzeichen IN (SELECT kassenzeichen FROM credit)
    ), pair AS (
        SELECT c.id AS absetzung_id, d.id AS soll_id,
               least(c.start_at + c.amount, d.start_at + d.amount) - greatest(c.start_at, d.start_at) AS amount
        FROM credit c
        JOIN debit d ON d.kassenzeichen = c.kassenzeichen
        WHERE c.start_at < d.start_at + d.amount AND d.start_at < c.start_at + c.amount
    ), recorded AS (
        INSERT INTO recon.soll_absetzung AS a (absetzung_id, soll_id, amount)
        SELECT absetzung_id, soll_id, amount FROM pair
        ON CONFLICT (absetzung_id, soll_id) DO UPDATE SET amount = a.amount + excluded.amount
        RETURNING 1
    ), debited AS (
        UPDATE recon.soll s SET open_amount = s.open_amount - p.amount
        FROM (SELECT soll_id, sum(amount) AS amount FROM pair GROUP BY soll_id) p
        WHERE s.id = p.soll_id
        RETURNING 1
    ), credited AS (
        UPDATE recon.soll s SET open_amount = s.open_amount + p.amount
        FROM (SELECT absetzung_id, sum(amount) AS amount FROM pair GROUP BY absetzung_id) p
        WHERE s.id = p.absetzung_id
        RETURNING 1
    )
    SELECT count(*)::integer FROM recorded;
$$;
