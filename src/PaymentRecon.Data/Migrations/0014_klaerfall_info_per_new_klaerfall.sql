-- The Klärfall worklist's copy of the receipt data (recon.klaerfall_info, 0007) is filled by a
-- statement trigger from recon.klaerfall_receipt (as 0012 left it). Joined plainly, the planner
-- could not push the Klärfall's entry into the branches of recon.receipt (a UNION ALL of
-- subqueries), so every insert of Klärfälle read every receipt ever imported: 60,000 new
-- Klärfälle on a million receipts took 8 s, and a night with ten Klärfälle would have cost as much
-- after a few years of history. As a LATERAL subquery that is planned on its own (OFFSET 0), the
-- entry id is a parameter each branch looks up by primary key: the cost follows the new
-- Klärfälle, not the history. Same columns, same rows as 0012.
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
LEFT JOIN LATERAL (
    SELECT r.booking_date, r.value_date, r.amount, r.detail_statement_id, r.detail_entry_index, r.tx_index
    FROM recon.receipt_keyed r
    WHERE r.entry_id = k.entry_id AND r.receipt_key = k.receipt_id
    OFFSET 0) r ON true
LEFT JOIN recon.entry_transaction t
  ON t.statement_id = r.detail_statement_id AND t.entry_index = r.detail_entry_index AND t.tx_index = r.tx_index
LEFT JOIN recon.sepa_batch_item_receipt x ON x.receipt_key = k.receipt_id
LEFT JOIN recon.sepa_collection c ON c.id = x.collection_id
LEFT JOIN recon.provider_line_receipt y ON y.receipt_key = k.receipt_id
LEFT JOIN recon.provider_line pl ON pl.id = y.provider_line_id
LEFT JOIN recon.run o ON o.id = k.opened_run_id;
