-- Decisions of the matching, the booking lines they produce, the Klärfälle, and the export register.
-- Decisions and booking lines carry no foreign keys to entries, statements, runs or each other: only
-- the reconciliation step writes them, from rows it has just read, in one transaction; a per-row
-- check cost more than half of the time to store a night's decisions (measured: 8.5 s of 12.7 s
-- for 100,000 receipts).
-- Booking lines are never updated except to record the export they went into, and never deleted:
-- a correction is a new line (reversal), as GoBD requires.

-- Receipts are the rows of recon.receipt (0002), keyed here by one number: entry id * 2^20 + item,
-- item 0 for a whole entry and n for the n-th item of a collective entry. It is stable (entries
-- and transactions are never renumbered) and derivable, so no second id table is needed.
CREATE VIEW recon.receipt_keyed AS
SELECT (r.entry_id << 20) | CASE WHEN r.source IN ('single', 'collective-total') THEN 0 ELSE r.tx_index + 1 END AS receipt_key, r.*
FROM recon.receipt r;

CREATE TABLE recon.decision (
    receipt_id          bigint      NOT NULL,
    -- 1 for the matching's decision; later decisions on the same receipt (a Klärfall booked by a
    -- later run or by staff, a collective total replaced by its items) count on.
    seq                 integer     NOT NULL CHECK (seq >= 1),
    entry_id            bigint      NOT NULL,
    run_id              bigint,
    kind                text        NOT NULL CHECK (kind IN ('initial', 'retry', 'manual', 'replaced')),
    outcome             text        NOT NULL,
    rule                text        NOT NULL,
    reasons             text[]      NOT NULL DEFAULT '{}',
    -- Returns and reversals: the receipt they undid.
    original_receipt_id bigint,
    decided_by          text,
    decided_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (receipt_id, seq)
);

CREATE INDEX decision_entry ON recon.decision (entry_id);
CREATE INDEX decision_run ON recon.decision (run_id);

CREATE TABLE recon.export (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_date   date        NOT NULL,
    sequence        integer     NOT NULL CHECK (sequence BETWEEN 1 AND 9999),
    file_name       text        NOT NULL UNIQUE,
    -- prepared: the lines are assigned to this export, the file may not be complete yet;
    -- written: the CSV and its control file are in the outbox.
    status          text        NOT NULL CHECK (status IN ('prepared', 'written')),
    line_count      integer     NOT NULL,
    run_id          bigint      REFERENCES recon.run (id),
    sha256          bytea,
    -- The control file exactly as written, so that a resend repeats it byte for byte.
    control_json    text,
    prepared_at     timestamptz NOT NULL DEFAULT now(),
    written_at      timestamptz,
    UNIQUE (business_date, sequence)
);

CREATE TABLE recon.booking (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Given when the line is assigned to an export: <date>-<file sequence>-<line>, e.g.
    -- 20261127-0001-0000017 (seven digits: a file holds at most 9,999,999 lines). Unique and never reused because export files are never renumbered; and
    -- the same after a killed run as after a clean one, because it depends only on the order of the
    -- lines, not on identity values (a rolled-back transaction still consumes those).
    buchungs_id         text        UNIQUE,
    receipt_id          bigint      NOT NULL,
    decision_seq        integer     NOT NULL,
    entry_id            bigint      NOT NULL,
    statement_id        bigint      NOT NULL,
    run_id              bigint,
    satzart             text        NOT NULL CHECK (satzart IN ('IST', 'VWG', 'GEB')),
    buchungsdatum       date        NOT NULL,
    valuta              date        NOT NULL,
    betrag              numeric(15, 2) NOT NULL CHECK (betrag <> 0),
    waehrung            char(3)     NOT NULL,
    soll_id             bigint,
    kassenzeichen       text,
    anordnungs_nr       text,
    verfahren           text,
    haushaltsstelle     text,
    zahlungspflichtiger text,
    iban                text,
    verwendungszweck    text,
    bankreferenz        text,
    auszug              text,
    zuordnung           text        NOT NULL CHECK (zuordnung IN ('AUTO', 'MANUELL')),
    regel               text        NOT NULL,
    -- What a later return or reversal needs to find this line's receipt (not exported).
    end_to_end_id       text,
    mandate_id          text,
    acct_svcr_ref       text,
    payer_iban          text,
    reverses_receipt_id bigint,
    export_id           bigint      REFERENCES recon.export (id),
    CHECK ((satzart = 'IST') = (kassenzeichen IS NOT NULL)),
    CHECK ((export_id IS NULL) = (buchungs_id IS NULL))
);

CREATE INDEX booking_unexported ON recon.booking (id) WHERE export_id IS NULL;
CREATE INDEX booking_export ON recon.booking (export_id, id);
CREATE INDEX booking_receipt ON recon.booking (receipt_id);
CREATE INDEX booking_statement ON recon.booking (statement_id);

CREATE TABLE recon.klaerfall (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    receipt_id      bigint      NOT NULL UNIQUE,
    entry_id        bigint      NOT NULL REFERENCES recon.entry (id),
    -- offen: open VWG; zugeordnet: assigned (VWG released); erstattung: marked for refund;
    -- verwahrt: kept as Verwahrgeld on purpose.
    status          text        NOT NULL DEFAULT 'offen' CHECK (status IN ('offen', 'zugeordnet', 'erstattung', 'verwahrt')),
    betrag          numeric(15, 2) NOT NULL,
    rule            text        NOT NULL,
    reasons         text[]      NOT NULL DEFAULT '{}',
    suggestions     jsonb       NOT NULL DEFAULT '[]',
    opened_run_id   bigint      REFERENCES recon.run (id),
    closed_run_id   bigint      REFERENCES recon.run (id),
    assigned_to     text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX klaerfall_open ON recon.klaerfall (id) WHERE status = 'offen';
