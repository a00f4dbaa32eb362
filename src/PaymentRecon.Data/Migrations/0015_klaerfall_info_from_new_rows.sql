-- The worklist trigger of 0007 selected from recon.klaerfall_receipt and kept the rows whose
-- Klärfall is new (IN (SELECT id FROM new_klaerfall)). The planner joined the view whole first:
-- every Klärfall ever opened, hashed against every entry ever imported, and only then the new
-- ones. At a million entries that was 2.8 s for 60,000 new Klärfälle, and it grows with the
-- history, not with the night. Driven from the new rows, each Klärfall is looked up by its key
-- (OFFSET 0 keeps the view a subquery planned per row, as 0014 does for the receipt).
CREATE OR REPLACE FUNCTION recon.klaerfall_info_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recon.klaerfall_info (klaerfall_id, booking_date, value_date, amount, account_iban, account_key, payer_name, payer_iban,
                                      remittance, opened_on, search_text)
    SELECT v.klaerfall_id, v.booking_date, v.value_date, v.amount, v.account_iban, v.account_key, v.payer_name, v.payer_iban,
           v.remittance, v.opened_on, lower(concat_ws(' ', v.payer_name, v.payer_iban, v.remittance))
    FROM new_klaerfall n
    CROSS JOIN LATERAL (SELECT * FROM recon.klaerfall_receipt r WHERE r.klaerfall_id = n.id OFFSET 0) v
    ON CONFLICT (klaerfall_id) DO NOTHING;
    RETURN NULL;
END
$$;
