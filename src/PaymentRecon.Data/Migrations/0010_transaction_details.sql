-- TxDtls fields the camt reader reads since 0002 was released, stored so that every field read
-- can be traced and queried (they were read and dropped before). Rows imported earlier have null
-- here; the XML of the archived file still holds them.
--   credit_debit  the payment's own CdtDbtInd (.04 on), else its entry's: 'CRDT' / 'DBIT'
--   details       what few files carry, one jsonb (null when none of it is present):
--                 {"proprietaryReference": {"type": "...", "reference": "..."}   Refs/Prtry
--                  "counterValueAmount": {"amount": 1.00, "currency": "CHF"},     AmtDtls/CntrValAmt (unsigned)
--                  "announcedPostingAmount": {"amount": 1.00, "currency": "EUR"}, AmtDtls/AnncdPstngAmt (unsigned)
--                  "initiatingPartyName": "..."}                                 RltdPties/InitgPty (.02/.04) or InitgPty/Pty (.08)
--                 One compact column instead of seven: the bulk load writes one NULL for the
--                 million payments that have none of these.
ALTER TABLE recon.entry_transaction
    ADD COLUMN credit_debit char(4) CHECK (credit_debit IN ('CRDT', 'DBIT')),
    ADD COLUMN details      jsonb;

COMMENT ON COLUMN recon.entry_transaction.credit_debit IS 'TxDtls/CdtDbtInd, else the entry''s; null for rows imported before 0010.';
COMMENT ON COLUMN recon.entry_transaction.details IS 'Rare TxDtls fields as read: proprietaryReference {type, reference}, counterValueAmount and announcedPostingAmount {amount, currency}, initiatingPartyName; null when none is present.';
