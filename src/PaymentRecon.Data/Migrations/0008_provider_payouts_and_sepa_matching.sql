-- Payment providers and own SEPA direct debits, booking half (issue 8).
--
-- A provider payout (bank credit) is linked to its report: recon.provider_payout.linked_entry_id
-- (0006) now references the bank entry. Each transaction line of a linked payout is booked as a
-- receipt of its own: its receipt key is entry id * 2^20 + n (n = 1.. in report order; the bank
-- entry itself is item 0 and carries the fee lines), the same key space as the items of a
-- collective entry, so decisions, booking lines and Klärfälle treat it like any other item.
-- recon.provider_line_receipt says which report line a key stands for (a provider line is not in
-- recon.receipt_keyed: its Kassenzeichen comes from the report, not from the bank).
ALTER TABLE recon.provider_payout
    ADD CONSTRAINT provider_payout_linked_entry FOREIGN KEY (linked_entry_id) REFERENCES recon.entry (id);

CREATE TABLE recon.provider_line_receipt (
    receipt_key         bigint      PRIMARY KEY,
    provider_line_id    bigint      NOT NULL UNIQUE REFERENCES recon.provider_line (id),
    payout_row_id       bigint      NOT NULL REFERENCES recon.provider_payout (id),
    entry_id            bigint      NOT NULL REFERENCES recon.entry (id),
    CHECK (receipt_key >> 20 = entry_id AND (receipt_key & 1048575) > 0)
);

CREATE INDEX provider_line_receipt_entry ON recon.provider_line_receipt (entry_id);

-- A Rücklastschrift of one of our own direct debits reopened these Soll positions: the cash office
-- decides between a reminder (Mahnung) and collecting again (erneuter Einzug). One row per
-- reopened position and return, written by the reconciliation in the same transaction as the
-- return's booking lines. The Klärfälle pages list the open ones (status 'offen') and may move
-- them on; the run report lists the ones of its run (run_id).
CREATE TABLE recon.direct_debit_return (
    id                  bigint          GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    return_receipt_id   bigint          NOT NULL,   -- the return's receipt key (recon.decision)
    original_receipt_id bigint          NOT NULL,   -- the collection credit it undid
    soll_id             bigint          NOT NULL REFERENCES recon.soll (id),
    kassenzeichen       text            NOT NULL,
    verfahren           text            NOT NULL,
    anordnungs_nr       text            NOT NULL,
    betrag              numeric(15, 2)  NOT NULL CHECK (betrag > 0),   -- reopened on this position
    charges             numeric(15, 2)  NOT NULL DEFAULT 0,           -- the return fee (GEB) of the whole return
    return_reason       text,                                         -- RtrInf/Rsn/Cd, e.g. AM04, MD06
    end_to_end_id       text,
    mandate_id          text,
    collection_id       bigint          REFERENCES recon.sepa_collection (id),
    booking_date        date            NOT NULL,
    run_id              bigint          REFERENCES recon.run (id),
    -- offen: to decide; mahnung: reminder sent; neuer_einzug: collected again; erledigt: nothing more to do.
    status              text            NOT NULL DEFAULT 'offen' CHECK (status IN ('offen', 'mahnung', 'neuer_einzug', 'erledigt')),
    status_by           text,
    status_at           timestamptz,
    created_at          timestamptz     NOT NULL DEFAULT now(),
    UNIQUE (return_receipt_id, soll_id)
);

CREATE INDEX direct_debit_return_open ON recon.direct_debit_return (soll_id) WHERE status = 'offen';
CREATE INDEX direct_debit_return_run ON recon.direct_debit_return (run_id);
