-- Payment-provider settlement reports and own SEPA direct debits (issue 8, import half).
--
-- What the reconciliation (linking/booking half) queries, through ProviderQueries / SepaQueries:
--   * A bank credit from a provider is linked to a recon.provider_payout: by payout_id found in
--     the remittance text, else by amount (payout row's announced_amount, or the sum of net of
--     its lines) and date. The link is recorded in provider_payout.linked_* (set once, never
--     twice: the partial unique index below); the lines of that payout are then booked: IST
--     gross on reference (Kassenzeichen), GEB fee; gross - fee = net per line, so the lines add
--     up to the bank entry.
--   * An unlinked payout older than the configured number of days is reported (payouts_awaiting).
--   * A camt batch credit with Btch/PmtInfId is matched to recon.sepa_payment_information by
--     pmt_inf_id (+ creditor IBAN), its TxDtls to recon.sepa_collection by end_to_end_id; a
--     return (RtrInf) finds its original by end_to_end_id, else mandate_id (+ amount).
--   * A collection rejected by a pain.002 (recon.sepa_status, status RJCT at transaction,
--     payment-information or group level) was never credited: it is excluded from the expected
--     batch amount and listed as "Lastschrift abgelehnt".

-- One imported report file (one per inbox file that was taken).
CREATE TABLE recon.provider_report (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_file_id      bigint      NOT NULL UNIQUE REFERENCES recon.import_file (id),
    profile             text        NOT NULL,
    line_count          integer     NOT NULL,   -- valid rows read (transactions and payouts)
    new_line_count      integer     NOT NULL,   -- of those, not known before
    known_line_count    integer     NOT NULL,   -- identical re-deliveries, skipped
    skipped_row_count   integer     NOT NULL,   -- status not accepted, ignored types, empty rows
    imported_at         timestamptz NOT NULL DEFAULT now()
);

-- Every report row ever taken, once per (profile, transaction_id): a re-delivery of the same
-- row adds nothing, a different row under the same id rejects the file.
CREATE TABLE recon.provider_line (
    id                  bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id           bigint        NOT NULL REFERENCES recon.provider_report (id),
    profile             text          NOT NULL,
    line_number         integer       NOT NULL,
    kind                text          NOT NULL CHECK (kind IN ('transaction', 'payout')),
    transaction_id      text          NOT NULL,
    reference           text,                       -- Kassenzeichen or order reference, raw
    gross               numeric(15,2) NOT NULL,     -- signed: payment +, refund -, payout -
    fee                 numeric(15,2) NOT NULL,     -- the provider's charge, + = kept by the provider
    net                 numeric(15,2) NOT NULL CHECK (gross - fee = net),
    currency            char(3)       NOT NULL,
    payment_date        date          NOT NULL,
    payment_time        time,
    payout_id           text,                       -- null: not yet paid out (waits for a payout)
    status              text,
    type                text,
    UNIQUE (profile, transaction_id)
);

CREATE INDEX provider_line_payout ON recon.provider_line (profile, payout_id);
CREATE INDEX provider_line_report ON recon.provider_line (report_id);

-- One payout (transfer of the provider to the bank account) per (profile, payout_id), created
-- by the first line or payout row that names it. announced_amount is the payout row's amount as
-- money arriving at the bank (positive); null when the report only names the payout on its lines.
CREATE TABLE recon.provider_payout (
    id                  bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    profile             text          NOT NULL,
    payout_id           text          NOT NULL,
    announced_amount    numeric(15,2),
    announced_on        date,
    first_seen_at       timestamptz   NOT NULL DEFAULT now(),
    -- Set by the linking (next migration adds the foreign key to the bank entry table).
    linked_entry_id     bigint,
    linked_at           timestamptz,
    UNIQUE (profile, payout_id)
);

CREATE UNIQUE INDEX provider_payout_linked_once ON recon.provider_payout (linked_entry_id) WHERE linked_entry_id IS NOT NULL;

-- A submitted pain.008 (own direct debits). msg_id is the idempotency key; content_sha256 is a
-- hash of what was read (not of the bytes), so a re-formatted copy counts as the same message.
CREATE TABLE recon.sepa_collection_message (
    id                  bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_file_id      bigint        NOT NULL REFERENCES recon.import_file (id),
    msg_id              text          NOT NULL UNIQUE,
    version             text          NOT NULL,
    created_at          timestamp     NOT NULL,  -- GrpHdr/CreDtTm, wall-clock as written
    nb_of_txs           integer       NOT NULL,
    ctrl_sum            numeric(15,2),
    initiating_party    text,
    content_sha256      bytea         NOT NULL,
    file_name           text          NOT NULL,
    imported_at         timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE recon.sepa_payment_information (
    id                          bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id                  bigint        NOT NULL REFERENCES recon.sepa_collection_message (id),
    position                    integer       NOT NULL,
    pmt_inf_id                  text          NOT NULL,   -- = camt Btch/PmtInfId of the batch credit
    requested_collection_date   date          NOT NULL,
    sequence_type               text,
    local_instrument            text,
    nb_of_txs                   integer,
    ctrl_sum                    numeric(15,2),
    creditor_name               text,
    creditor_iban               text,
    creditor_scheme_id          text,
    UNIQUE (message_id, pmt_inf_id)
);

CREATE INDEX sepa_payment_information_id ON recon.sepa_payment_information (pmt_inf_id);

CREATE TABLE recon.sepa_collection (
    id                          bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_information_id      bigint        NOT NULL REFERENCES recon.sepa_payment_information (id),
    position                    integer       NOT NULL,
    end_to_end_id               text          NOT NULL,   -- = camt Refs/EndToEndId, also on returns
    instruction_id              text,
    amount                      numeric(15,2) NOT NULL CHECK (amount > 0),
    currency                    char(3)       NOT NULL,
    mandate_id                  text          NOT NULL,   -- = camt Refs/MndtId
    mandate_signed_on           date,
    creditor_scheme_id          text,
    debtor_name                 text,
    debtor_iban                 text,
    remittance                  text,                     -- Ustrd lines joined with a space
    creditor_reference          text,
    kassenzeichen               text,                     -- null: none found (or several)
    UNIQUE (payment_information_id, end_to_end_id)
);

CREATE INDEX sepa_collection_end_to_end_id ON recon.sepa_collection (end_to_end_id);
CREATE INDEX sepa_collection_mandate_id ON recon.sepa_collection (mandate_id);
CREATE INDEX sepa_collection_kassenzeichen ON recon.sepa_collection (kassenzeichen);

-- A pain.002 status report. It may arrive before its pain.008 is imported: statuses refer to the
-- original by ids (original_msg_id, pmt_inf_id, end_to_end_id), joined at query time.
CREATE TABLE recon.sepa_status_report (
    id                  bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_file_id      bigint        NOT NULL REFERENCES recon.import_file (id),
    msg_id              text          NOT NULL UNIQUE,
    version             text          NOT NULL,
    created_at          timestamp     NOT NULL,
    original_msg_id     text          NOT NULL,
    original_msg_name   text,
    content_sha256      bytea         NOT NULL,
    file_name           text          NOT NULL,
    imported_at         timestamptz   NOT NULL DEFAULT now()
);

CREATE INDEX sepa_status_report_original ON recon.sepa_status_report (original_msg_id);

-- One status per level: 'group' (GrpSts), 'payment_information' (PmtInfSts), 'transaction'
-- (TxSts). RJCT at a level rejects every collection below it.
CREATE TABLE recon.sepa_status (
    id                      bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id               bigint        NOT NULL REFERENCES recon.sepa_status_report (id),
    level                   text          NOT NULL CHECK (level IN ('group', 'payment_information', 'transaction')),
    original_pmt_inf_id     text,
    original_end_to_end_id  text,
    original_instruction_id text,
    status                  text,
    reason_code             text,
    reason_text             text,
    original_amount         numeric(15,2),
    original_mandate_id     text,
    CHECK (level <> 'payment_information' OR original_pmt_inf_id IS NOT NULL)
);

CREATE INDEX sepa_status_rejected ON recon.sepa_status (report_id) WHERE status = 'RJCT';
CREATE INDEX sepa_status_end_to_end_id ON recon.sepa_status (original_end_to_end_id);
