-- A camt.053 batch credit of own direct debits whose details never came (no TxDtls, no camt.054)
-- is booked from the submitted pain.008 (issue 8): when its PmtInfId names one payment information
-- block and the credit equals that block's collections less those a pain.002 rejected, each
-- collection becomes a receipt of its own on the batch entry. Its receipt key is entry id * 2^20 +
-- 2^19 + n (n = 1.. in file order): the upper half of the item range, so it never meets the key of
-- the n-th item of a camt.054 that arrives later for the same entry (those use 1 .. 2^19 - 1).
-- When that camt.054 comes, its items are checked against these rows by EndToEndId and amount and
-- book nothing again.
CREATE TABLE recon.sepa_batch_item_receipt (
    receipt_key             bigint      PRIMARY KEY,
    entry_id                bigint      NOT NULL REFERENCES recon.entry (id),
    payment_information_id  bigint      NOT NULL REFERENCES recon.sepa_payment_information (id),
    -- A collection is credited once: a second batch entry naming the same block cannot take it.
    collection_id           bigint      NOT NULL UNIQUE REFERENCES recon.sepa_collection (id),
    created_at              timestamptz NOT NULL DEFAULT now(),
    CHECK (receipt_key >> 20 = entry_id AND (receipt_key & 1048575) > 524288)
);

CREATE INDEX sepa_batch_item_receipt_entry ON recon.sepa_batch_item_receipt (entry_id);
CREATE INDEX sepa_batch_item_receipt_block ON recon.sepa_batch_item_receipt (payment_information_id);

-- A batch booked from its pain.008 no longer waits: its money is booked, a camt.054 arriving later
-- only confirms it. Same columns as in 0002, one more condition.
CREATE OR REPLACE VIEW recon.collective_entry_waiting AS
SELECT e.id AS entry_id, e.statement_id, s.stmt_id, s.electronic_seq, e.account_key, e.amount, e.currency, e.booking_date,
       e.value_date, e.acct_svcr_ref, e.addtl_info_msg_id, e.batch_pmt_inf_id, e.batch_tx_count, e.xml_path
FROM recon.entry e
JOIN recon.statement s ON s.id = e.statement_id
WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.detail_state = 'awaiting'
  AND NOT EXISTS (SELECT 1 FROM recon.batch_detail_link l WHERE l.batch_entry_id = e.id)
  AND NOT EXISTS (SELECT 1 FROM recon.sepa_batch_item_receipt x WHERE x.entry_id = e.id);

-- The worklist's copy of a Klärfall's receipt (recon.klaerfall_info, filled by the trigger of 0007
-- from this view): a collection booked from a pain.008 and a line of a provider report are no bank
-- items, so until now the bank entry stood in (the whole batch or payout as amount, no payer).
-- Now their own amount, debtor and text. Same columns as in 0007.
CREATE OR REPLACE VIEW recon.klaerfall_receipt AS
SELECT k.id AS klaerfall_id,
       coalesce(r.booking_date, e.booking_date) AS booking_date, coalesce(r.value_date, e.value_date) AS value_date,
       coalesce(r.amount, c.amount::numeric, pl.gross::numeric, e.amount) AS amount, s.account_iban, e.account_key,
       coalesce(CASE WHEN e.credit_debit = 'CRDT' THEN coalesce(t.debtor_name, t.creditor_name) ELSE coalesce(t.creditor_name, t.debtor_name) END,
                c.debtor_name) AS payer_name,
       coalesce(CASE WHEN e.credit_debit = 'CRDT' THEN coalesce(t.debtor_iban, t.creditor_iban) ELSE coalesce(t.creditor_iban, t.debtor_iban) END,
                c.debtor_iban) AS payer_iban,
       coalesce(array_to_string(t.remittance_lines, ' '), c.remittance, CASE WHEN pl.id IS NOT NULL THEN concat_ws(' ', pl.profile, pl.transaction_id, pl.reference) END,
                e.additional_entry_info) AS remittance,
       coalesce(o.business_date, (k.updated_at AT TIME ZONE 'UTC')::date) AS opened_on
FROM recon.klaerfall k
JOIN recon.entry e ON e.id = k.entry_id
JOIN recon.statement s ON s.id = e.statement_id
LEFT JOIN recon.receipt_keyed r ON r.entry_id = k.entry_id AND r.receipt_key = k.receipt_id
LEFT JOIN recon.entry_transaction t
  ON t.statement_id = r.detail_statement_id AND t.entry_index = r.detail_entry_index AND t.tx_index = r.tx_index
LEFT JOIN recon.sepa_batch_item_receipt x ON x.receipt_key = k.receipt_id
LEFT JOIN recon.sepa_collection c ON c.id = x.collection_id
LEFT JOIN recon.provider_line_receipt y ON y.receipt_key = k.receipt_id
LEFT JOIN recon.provider_line pl ON pl.id = y.provider_line_id
LEFT JOIN recon.run o ON o.id = k.opened_run_id;
