-- The receipts with their details in one view: what the reconciliation reads for every receipt it
-- decides. Until now it read recon.receipt_keyed and joined recon.entry, recon.statement and
-- recon.entry_transaction to it again: each receipt's entry and transaction were found twice, once
-- inside the view and once outside. At a million new receipts that query hashed the entries and
-- the transactions twice each and cost the server 13.6 s (one backend; a cursor is never run in
-- parallel). Here each branch of recon.receipt (0002) joins the entry and transaction it already
-- has; the rows, keys and columns are the same as that join gave:
--   single             the entry, and its first transaction when it has one;
--   collective-total   the entry, no transaction;
--   statement-item     the entry, and each of its transactions;
--   notification-item  the collective entry, and each transaction of its linked camt.054 entry.
-- Receipt keys as in recon.receipt_keyed (0004): entry id * 2^20 + item. Transaction columns are
-- prefixed tx_ where the entry has a column of the same name.
CREATE VIEW recon.receipt_detail AS
SELECT e.id << 20 AS receipt_key, e.id AS entry_id, 'single' AS source, e.amount, e.currency,
       e.statement_id, e.credit_debit, e.reversal, e.booking_date, e.value_date, e.acct_svcr_ref, e.gvc AS entry_gvc,
       e.additional_entry_info, e.btc_domain, e.btc_family, e.btc_sub_family, e.btc_proprietary, e.btc_issuer, e.charges,
       t.statement_id AS detail_statement_id, t.entry_index AS detail_entry_index, t.tx_index,
       t.end_to_end_id, t.mandate_id, t.creditor_reference, t.debtor_name, t.debtor_iban, t.creditor_name, t.creditor_iban,
       t.remittance_lines, t.gvc AS tx_gvc, t.return_reason_code, t.return_reason_proprietary, t.instructed_amount, t.instructed_currency,
       t.charges AS tx_charges, t.btc_domain AS tx_btc_domain, t.btc_family AS tx_btc_family, t.btc_sub_family AS tx_btc_sub_family,
       t.btc_proprietary AS tx_btc_proprietary, t.btc_issuer AS tx_btc_issuer
FROM recon.entry e
LEFT JOIN recon.entry_transaction t ON t.statement_id = e.statement_id AND t.entry_index = e.entry_index AND t.tx_index = 0
WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.detail_state = 'single'
UNION ALL
SELECT e.id << 20, e.id, 'collective-total', e.amount, e.currency,
       e.statement_id, e.credit_debit, e.reversal, e.booking_date, e.value_date, e.acct_svcr_ref, e.gvc,
       e.additional_entry_info, e.btc_domain, e.btc_family, e.btc_sub_family, e.btc_proprietary, e.btc_issuer, e.charges,
       NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL,
       NULL, NULL
FROM recon.entry e
LEFT JOIN recon.batch_detail_link l ON l.batch_entry_id = e.id
WHERE e.message_type = 53 AND e.status = 'BOOK'
  AND (e.detail_state = 'items-inconsistent' OR (e.detail_state = 'awaiting' AND l.items_consistent = false))
UNION ALL
SELECT (e.id << 20) | (t.tx_index + 1), e.id, 'statement-item', t.amount, t.currency,
       e.statement_id, e.credit_debit, e.reversal, e.booking_date, e.value_date, e.acct_svcr_ref, e.gvc,
       e.additional_entry_info, e.btc_domain, e.btc_family, e.btc_sub_family, e.btc_proprietary, e.btc_issuer, e.charges,
       t.statement_id, t.entry_index, t.tx_index,
       t.end_to_end_id, t.mandate_id, t.creditor_reference, t.debtor_name, t.debtor_iban, t.creditor_name, t.creditor_iban,
       t.remittance_lines, t.gvc, t.return_reason_code, t.return_reason_proprietary, t.instructed_amount, t.instructed_currency,
       t.charges, t.btc_domain, t.btc_family, t.btc_sub_family,
       t.btc_proprietary, t.btc_issuer
FROM recon.entry e
JOIN recon.entry_transaction t ON t.statement_id = e.statement_id AND t.entry_index = e.entry_index
WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.detail_state = 'items'
UNION ALL
SELECT (e.id << 20) | (t.tx_index + 1), e.id, 'notification-item', t.amount, t.currency,
       e.statement_id, e.credit_debit, e.reversal, e.booking_date, e.value_date, e.acct_svcr_ref, e.gvc,
       e.additional_entry_info, e.btc_domain, e.btc_family, e.btc_sub_family, e.btc_proprietary, e.btc_issuer, e.charges,
       t.statement_id, t.entry_index, t.tx_index,
       t.end_to_end_id, t.mandate_id, t.creditor_reference, t.debtor_name, t.debtor_iban, t.creditor_name, t.creditor_iban,
       t.remittance_lines, t.gvc, t.return_reason_code, t.return_reason_proprietary, t.instructed_amount, t.instructed_currency,
       t.charges, t.btc_domain, t.btc_family, t.btc_sub_family,
       t.btc_proprietary, t.btc_issuer
FROM recon.entry e
JOIN recon.batch_detail_link l ON l.batch_entry_id = e.id AND l.items_consistent
JOIN recon.entry n ON n.id = l.notification_entry_id
JOIN recon.entry_transaction t ON t.statement_id = n.statement_id AND t.entry_index = n.entry_index
WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.detail_state = 'awaiting';

COMMENT ON VIEW recon.receipt_detail IS
    'recon.receipt_keyed with each receipt''s entry and transaction columns, joined once per branch: the rows the reconciliation decides on. Transaction columns named like an entry column are prefixed tx_.';
