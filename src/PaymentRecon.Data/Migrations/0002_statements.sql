-- Bank statements as imported: camt messages, their statements (Stmt / Rpt / Ntfctn), entries and
-- transactions, the link between a camt.053 collective entry and the camt.054 that details it,
-- alerts about the sequence of statements, and the view recon.receipt that matching consumes.
--
-- Traceability: every row leads back to its recon.import_file (archived path + SHA-256 of the
-- bytes) and to the XML element it came from (statement.xml_path, entry.xml_path; a transaction is
-- the (tx_index + 1)-th TxDtls below its entry's path).
--
-- Amounts are stored exactly as read: unconstrained numeric keeps the decimals written in the file
-- (10.5 stays 10.5, 10.50 stays 10.50); the check allows the five fraction digits the ISO schema
-- allows. Signed by CdtDbtInd: a debit is negative.
--
-- Rows are written once and never updated except: statement totals (filled in when the last entry
-- has streamed past), entry.superseded_by (a camt.052 entry once its camt.053 entry is there) and
-- statement_alert.resolved_* (a gap filled later).

CREATE TABLE recon.camt_message (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_file_id      bigint      NOT NULL REFERENCES recon.import_file (id),
    -- Position of the message within its file (a ZIP holds several), from 0.
    message_index       integer     NOT NULL,
    message_type        smallint    NOT NULL CHECK (message_type IN (52, 53, 54)),
    version             text        NOT NULL,
    message_id          text        NOT NULL,
    created_at          timestamptz,
    page_number         integer,
    last_page           boolean,
    -- 'duplicate' when every statement in it was a re-delivery that added nothing.
    status              text        NOT NULL DEFAULT 'imported' CHECK (status IN ('imported', 'duplicate')),
    -- The first message seen with the same type and GrpHdr/MsgId, when there is one.
    same_message_id_as  bigint      REFERENCES recon.camt_message (id),
    imported_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (import_file_id, message_index)
);

CREATE INDEX camt_message_message_id ON recon.camt_message (message_type, message_id);

CREATE TABLE recon.statement (
    id                      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    camt_message_id         bigint      NOT NULL REFERENCES recon.camt_message (id),
    import_file_id          bigint      NOT NULL REFERENCES recon.import_file (id),
    message_type            smallint    NOT NULL CHECK (message_type IN (52, 53, 54)),
    -- GrpHdr/MsgId again: camt.053 AddtlInfInd/MsgId points at a camt.054 by it.
    message_id              text        NOT NULL,
    statement_index         integer     NOT NULL,
    xml_path                text        NOT NULL,
    stmt_id                 text        NOT NULL,
    electronic_seq          bigint,
    legal_seq               bigint,
    created_at              timestamptz,
    from_date_time          timestamptz,
    to_date_time            timestamptz,
    copy_duplicate          text        NOT NULL CHECK (copy_duplicate IN ('ORIGINAL', 'COPY', 'DUPL', 'CODU')),
    page_number             integer,
    last_page               boolean,
    account_iban            text,
    account_other_id        text,
    -- IBAN, else 'OTHR:' + Acct/Id/Othr/Id: the account every identity below is scoped to.
    account_key             text        NOT NULL,
    currency                char(3),
    account_owner_name      text,
    servicer_bic            text,
    -- Every Bal as read: [{"type": "OPBD", "amount": 1.00, "currency": "EUR", "date": "2026-11-02"}, ...]
    balances                jsonb       NOT NULL,
    opening_balance         numeric     CHECK (scale(opening_balance) <= 5),
    opening_type            text,
    opening_date            date,
    closing_balance         numeric     CHECK (scale(closing_balance) <= 5),
    closing_type            text,
    closing_date            date,
    -- StatementTotals.Check: ok / mismatch / not-possible, opening + credits − debits − closing.
    balance_check           text        CHECK (balance_check IN ('ok', 'mismatch', 'not-possible')),
    balance_difference      numeric,
    balance_explanation     text,
    -- TxsSummry as read, and where it disagrees with the entries (empty: agrees or absent).
    transactions_summary    jsonb,
    summary_problems        text[]      NOT NULL DEFAULT '{}',
    entry_count             integer,
    credit_sum              numeric,
    debit_sum               numeric,
    booked_credit_count     integer,
    booked_debit_count      integer,
    booked_credit_sum       numeric,
    booked_debit_sum        numeric,
    -- Entries this statement added, and entries it carried that were already known (re-delivery).
    new_entry_count         integer,
    known_entry_count       integer,
    -- 'duplicate': the same statement (identity below) was imported before; its entries were all
    -- known, so nothing was added (a re-delivery with new entries is rejected, never half taken).
    status                  text        NOT NULL CHECK (status IN ('imported', 'duplicate')),
    duplicate_of            bigint      REFERENCES recon.statement (id),
    imported_at             timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL))
);

-- Statement identity: account, kind, Stmt/Id, both sequence numbers and the page. A second
-- delivery (DUPL, COPY, or the same day under a new MsgId) of an imported statement is recorded
-- with status 'duplicate' and adds nothing.
CREATE UNIQUE INDEX statement_identity ON recon.statement
    (account_key, message_type, stmt_id, coalesce(electronic_seq, -1), coalesce(legal_seq, -1), coalesce(page_number, 0))
    WHERE status = 'imported';

CREATE INDEX statement_sequence ON recon.statement (account_key, message_type, electronic_seq) WHERE status = 'imported';
CREATE INDEX statement_import_file ON recon.statement (import_file_id);
CREATE INDEX statement_message_id ON recon.statement (message_type, message_id);

CREATE TABLE recon.entry (
    id                      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The statement that brought this entry first; a later re-delivery adds no row. No foreign key
    -- here nor on superseded_by: a per-row RI check doubled the cost of loading a million entries,
    -- and rows are only ever inserted by the importer with the statement it has just written.
    statement_id            bigint      NOT NULL,
    entry_index             integer     NOT NULL,
    xml_path                text        NOT NULL,
    account_key             text        NOT NULL,
    message_type            smallint    NOT NULL CHECK (message_type IN (52, 53, 54)),
    -- camt.052 entries: shown, never booked; recon.receipt leaves them out.
    provisional             boolean     NOT NULL,
    entry_reference         text,
    amount                  numeric     NOT NULL CHECK (scale(amount) <= 5),
    currency                char(3)     NOT NULL,
    credit_debit            char(4)     NOT NULL CHECK (credit_debit IN ('CRDT', 'DBIT')),
    reversal                boolean     NOT NULL,
    -- BOOK / PDNG / INFO / FUTR, and the status code exactly as written.
    status                  text        NOT NULL CHECK (status IN ('BOOK', 'PDNG', 'INFO', 'FUTR')),
    status_code             text        NOT NULL,
    booking_date            date,
    value_date              date,
    -- AcctSvcrRef; NONREF is stored as null.
    acct_svcr_ref           text,
    btc_domain              text,
    btc_family              text,
    btc_sub_family          text,
    btc_proprietary         text,
    btc_issuer              text,
    gvc                     text,
    addtl_info_msg_name_id  text,
    addtl_info_msg_id       text,
    instructed_amount       numeric     CHECK (scale(instructed_amount) <= 5),
    instructed_currency     char(3),
    transaction_amount      numeric     CHECK (scale(transaction_amount) <= 5),
    transaction_currency    char(3),
    charges                 jsonb,
    -- Every Btch as read (jsonb), and the fields the camt.054 link uses.
    batches                 jsonb,
    batch_msg_id            text,
    batch_pmt_inf_id        text,
    batch_tx_count          integer,
    transaction_count       integer     NOT NULL,
    additional_entry_info   text,
    -- How the items of this entry reach the matching (see recon.receipt):
    --   single             not a collective entry: the entry itself is the item
    --   items              collective, all TxDtls present in this statement and they add up
    --   items-inconsistent collective with TxDtls that do not add up to the entry (or miss amounts)
    --   awaiting           collective whose details come in a camt.054 (AddtlInfInd, or TxDtls missing)
    -- camt.052/054 entries carry the same classification but are never items themselves.
    detail_state            text        NOT NULL CHECK (detail_state IN ('single', 'items', 'items-inconsistent', 'awaiting')),
    -- Identity for idempotency: 0x01 + AcctSvcrRef in UTF-8 ('ref'), or 0x02 + SHA-256 of the content ('fingerprint':
    -- booking and value date, signed amount, currency, reversal, bank code, every transaction's
    -- EndToEndId, remittance lines and counterparty IBAN) when the reference is missing, NONREF, or
    -- used by this statement for entries of different content. occurrence counts identical
    -- identities within one statement (two identical 10 € payments on one day are two payments).
    identity_kind           text        NOT NULL CHECK (identity_kind IN ('ref', 'fingerprint')),
    identity_key            bytea       NOT NULL,
    fingerprint             bytea       NOT NULL,
    occurrence              integer     NOT NULL CHECK (occurrence >= 1),
    -- A camt.052 entry whose camt.053 entry has arrived.
    superseded_by           bigint,
    UNIQUE (statement_id, entry_index)
);

-- Entry identity per account and message kind: camt.052 and camt.054 entries repeat the camt.053
-- entries by nature and are kept apart from them (superseded_by and recon.batch_detail_link tie
-- them together).
CREATE UNIQUE INDEX entry_identity ON recon.entry (account_key, message_type, identity_key, occurrence);
CREATE INDEX entry_awaiting_details ON recon.entry (account_key) WHERE message_type = 53 AND detail_state = 'awaiting';
CREATE INDEX entry_notification ON recon.entry (account_key) WHERE message_type = 54;
CREATE INDEX entry_provisional_open ON recon.entry (account_key) WHERE message_type = 52 AND superseded_by IS NULL;

-- Transactions (TxDtls). Keyed by the statement and entry position they were read at, because
-- they are bulk-loaded while the entry ids do not exist yet; recon.entry has the same
-- (statement_id, entry_index) pair. Transactions of an entry that was already known are removed in
-- the same transaction that loaded them.
CREATE TABLE recon.entry_transaction (
    statement_id                bigint      NOT NULL,
    entry_index                 integer     NOT NULL,
    tx_index                    integer     NOT NULL,
    msg_id                      text,
    pmt_inf_id                  text,
    instr_id                    text,
    end_to_end_id               text,
    tx_id                       text,
    mandate_id                  text,
    acct_svcr_ref               text,
    clr_sys_ref                 text,
    uetr                        text,
    -- Signed amount of this payment (see Transaction.Amount for where it comes from); null when
    -- the file does not say.
    amount                      numeric     CHECK (scale(amount) <= 5),
    currency                    char(3),
    instructed_amount           numeric     CHECK (scale(instructed_amount) <= 5),
    instructed_currency         char(3),
    transaction_amount          numeric     CHECK (scale(transaction_amount) <= 5),
    transaction_currency        char(3),
    btc_domain                  text,
    btc_family                  text,
    btc_sub_family              text,
    btc_proprietary             text,
    btc_issuer                  text,
    gvc                         text,
    -- [{"amount": -3.00, "currency": "EUR", "included": true, "type": "...", "bearer": "..."}]
    charges                     jsonb,
    debtor_name                 text,
    debtor_iban                 text,
    ultimate_debtor_name        text,
    creditor_name               text,
    creditor_iban               text,
    ultimate_creditor_name      text,
    creditor_id                 text,
    debtor_agent_bic            text,
    purpose_code                text,
    -- Every RmtInf/Ustrd in order, as received.
    remittance_lines            text[]      NOT NULL,
    creditor_reference          text,
    creditor_reference_type     text,
    return_reason_code          text,
    return_reason_proprietary   text,
    return_additional_info      text,
    return_originator_name      text,
    return_original_btc         text,
    additional_tx_info          text,
    PRIMARY KEY (statement_id, entry_index, tx_index)
);

-- A camt.053 collective entry and the camt.054 entry that details it, found in either arrival
-- order: the camt.053 entry's AddtlInfInd/MsgId names the camt.054's GrpHdr/MsgId, or both carry
-- the same Btch/PmtInfId; in both cases the account, signed amount and (when both have one) the
-- booking date must agree, and the pair must be the only candidate either way. Each side is linked
-- at most once.
CREATE TABLE recon.batch_detail_link (
    batch_entry_id          bigint      PRIMARY KEY REFERENCES recon.entry (id),
    notification_entry_id   bigint      NOT NULL UNIQUE REFERENCES recon.entry (id),
    linked_by               text        NOT NULL CHECK (linked_by IN ('AddtlInfInd/MsgId', 'Btch/PmtInfId')),
    -- The camt.054 items add up to the collective entry and each has an amount. When not, the
    -- collective entry goes to the matching as a whole (a Klärfall), never its items.
    items_consistent        boolean     NOT NULL,
    item_count              integer     NOT NULL,
    item_sum                numeric,
    linked_at               timestamptz NOT NULL DEFAULT now()
);

-- What the run report must show about the sequence of statements of an account: a gap in
-- ElctrncSeqNb or LglSeqNb, an opening balance that differs from the previous closing balance, a
-- camt.054 that names a collective entry but does not fit it. message is German, for the finance
-- staff; resolved_* is set when a later delivery fills the gap.
CREATE TABLE recon.statement_alert (
    id                      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    statement_id            bigint      NOT NULL REFERENCES recon.statement (id),
    previous_statement_id   bigint      REFERENCES recon.statement (id),
    -- The collective entry a batch-detail-mismatch is about.
    entry_id                bigint      REFERENCES recon.entry (id),
    account_key             text        NOT NULL,
    kind                    text        NOT NULL CHECK (kind IN ('sequence-gap', 'legal-sequence-gap', 'balance-discontinuity', 'batch-detail-mismatch')),
    message                 text        NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    resolved_at             timestamptz,
    resolved_note           text
);

CREATE UNIQUE INDEX statement_alert_open_once ON recon.statement_alert (statement_id, kind, coalesce(previous_statement_id, -1), coalesce(entry_id, -1)) WHERE resolved_at IS NULL;

-- The unit the matching consumes: exactly the items that can be matched, one row each, with a
-- stable id ('E' + entry id for a whole entry, 'E' + entry id + '.' + position for the n-th item
-- of a collective entry; entries and transactions are never renumbered).
--   * only camt.053 entries with status BOOK: never camt.052 (provisional) nor camt.054 entries
--     themselves, never PDNG/INFO/FUTR;
--   * a single entry (detail_state 'single') is one item, with its one transaction's details when
--     it has them; its amount is the entry's amount (a return's InstdAmt and charges are columns);
--   * a collective entry with its TxDtls in the statement ('items'): each transaction is an item;
--   * a collective entry linked to its camt.054 with consistent items: each camt.054 transaction;
--   * a collective entry whose items do not add up ('items-inconsistent', or an inconsistent
--     camt.054): the entry as a whole, once, so the money is not lost;
--   * a collective entry still 'awaiting' its camt.054 is not an item yet (see
--     recon.collective_entry_waiting). A total and its items are therefore never both here.
-- Debits are included: returns, reversals and charges need an outcome too; the matching decides.
CREATE VIEW recon.receipt AS
SELECT 'E' || e.id AS receipt_id, e.id AS entry_id, e.statement_id AS detail_statement_id, e.entry_index AS detail_entry_index,
       t.tx_index, 'single' AS source, e.amount, e.currency, e.credit_debit, e.reversal, e.booking_date, e.value_date,
       e.acct_svcr_ref, e.account_key, e.gvc AS entry_gvc, e.additional_entry_info
FROM recon.entry e
LEFT JOIN recon.entry_transaction t ON t.statement_id = e.statement_id AND t.entry_index = e.entry_index AND t.tx_index = 0
WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.detail_state = 'single'
UNION ALL
SELECT 'E' || e.id, e.id, e.statement_id, e.entry_index, NULL, 'collective-total', e.amount, e.currency, e.credit_debit, e.reversal,
       e.booking_date, e.value_date, e.acct_svcr_ref, e.account_key, e.gvc, e.additional_entry_info
FROM recon.entry e
LEFT JOIN recon.batch_detail_link l ON l.batch_entry_id = e.id
WHERE e.message_type = 53 AND e.status = 'BOOK'
  AND (e.detail_state = 'items-inconsistent' OR (e.detail_state = 'awaiting' AND l.items_consistent = false))
UNION ALL
SELECT 'E' || e.id || '.' || (t.tx_index + 1), e.id, t.statement_id, t.entry_index, t.tx_index, 'statement-item', t.amount, t.currency,
       e.credit_debit, e.reversal, e.booking_date, e.value_date, e.acct_svcr_ref, e.account_key, e.gvc, e.additional_entry_info
FROM recon.entry e
JOIN recon.entry_transaction t ON t.statement_id = e.statement_id AND t.entry_index = e.entry_index
WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.detail_state = 'items'
UNION ALL
SELECT 'E' || e.id || '.' || (t.tx_index + 1), e.id, t.statement_id, t.entry_index, t.tx_index, 'notification-item', t.amount, t.currency,
       e.credit_debit, e.reversal, e.booking_date, e.value_date, e.acct_svcr_ref, e.account_key, e.gvc, e.additional_entry_info
FROM recon.entry e
JOIN recon.batch_detail_link l ON l.batch_entry_id = e.id AND l.items_consistent
JOIN recon.entry n ON n.id = l.notification_entry_id
JOIN recon.entry_transaction t ON t.statement_id = n.statement_id AND t.entry_index = n.entry_index
WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.detail_state = 'awaiting';

COMMENT ON VIEW recon.receipt IS
    'Matchable items: booked camt.053 single entries, items of collective entries (from the statement or the linked camt.054), or the total of a collective entry whose items do not add up. Never a total and its items, never camt.052, never PDNG/INFO. Transaction details: recon.entry_transaction by (detail_statement_id, detail_entry_index, tx_index).';

-- Collective camt.053 entries whose camt.054 has not arrived (or did not fit): visible, not lost,
-- not matchable yet. The run report lists them; a deadline for sending them to the Klärfälle
-- belongs to the matching.
CREATE VIEW recon.collective_entry_waiting AS
SELECT e.id AS entry_id, e.statement_id, s.stmt_id, s.electronic_seq, e.account_key, e.amount, e.currency, e.booking_date,
       e.value_date, e.acct_svcr_ref, e.addtl_info_msg_id, e.batch_pmt_inf_id, e.batch_tx_count, e.xml_path
FROM recon.entry e
JOIN recon.statement s ON s.id = e.statement_id
WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.detail_state = 'awaiting'
  AND NOT EXISTS (SELECT 1 FROM recon.batch_detail_link l WHERE l.batch_entry_id = e.id);
