-- Klärfälle worklist (issue 7): what the list filters and searches on, proposals under the
-- four-eyes rule, and the append-only audit trail of every manual action.
--
-- recon.klaerfall (0004) is written by the reconciliation step with binary COPY; the worklist needs
-- the receipt's dates, account, payer and remittance text next to it, searchable case-insensitively.
-- recon.klaerfall_info holds exactly that, one row per Klärfall, filled by a statement-level trigger
-- from the rows a COPY inserted (one set-based INSERT per statement, nothing per row), so the
-- reconciliation code does not change. Bank data is never updated, so the copy cannot go stale.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The receipt behind each Klärfall, as recon.receipt_keyed (0004) defines it, with its transaction;
-- filtered by entry_id, which every branch of recon.receipt can use its primary key for. A
-- collective total held while its camt.054 is missing (SAMMLER-OFFEN) is no receipt yet: the
-- entry's own fields stand in.
CREATE VIEW recon.klaerfall_receipt AS
SELECT k.id AS klaerfall_id,
       coalesce(r.booking_date, e.booking_date) AS booking_date, coalesce(r.value_date, e.value_date) AS value_date,
       coalesce(r.amount, e.amount) AS amount, s.account_iban, e.account_key,
       CASE WHEN e.credit_debit = 'CRDT' THEN coalesce(t.debtor_name, t.creditor_name) ELSE coalesce(t.creditor_name, t.debtor_name) END AS payer_name,
       CASE WHEN e.credit_debit = 'CRDT' THEN coalesce(t.debtor_iban, t.creditor_iban) ELSE coalesce(t.creditor_iban, t.debtor_iban) END AS payer_iban,
       coalesce(array_to_string(t.remittance_lines, ' '), e.additional_entry_info) AS remittance,
       coalesce(o.business_date, (k.updated_at AT TIME ZONE 'UTC')::date) AS opened_on
FROM recon.klaerfall k
JOIN recon.entry e ON e.id = k.entry_id
JOIN recon.statement s ON s.id = e.statement_id
LEFT JOIN recon.receipt_keyed r ON r.entry_id = k.entry_id AND r.receipt_key = k.receipt_id
LEFT JOIN recon.entry_transaction t
  ON t.statement_id = r.detail_statement_id AND t.entry_index = r.detail_entry_index AND t.tx_index = r.tx_index
LEFT JOIN recon.run o ON o.id = k.opened_run_id;

CREATE TABLE recon.klaerfall_info (
    klaerfall_id    bigint      PRIMARY KEY REFERENCES recon.klaerfall (id),
    booking_date    date,
    value_date      date,
    -- Signed amount of the receipt (the Klärfall's betrag is what is held as VWG, e.g. only an Überzahlung).
    amount          numeric     NOT NULL,
    account_iban    text,
    account_key     text        NOT NULL,
    payer_name      text,
    payer_iban      text,
    remittance      text,
    -- Business date of the run that opened the Klärfall: the age counts from here.
    opened_on       date        NOT NULL,
    -- Payer, payer IBAN and remittance text in one lower-case string for the trigram index.
    search_text     text        NOT NULL
);

CREATE INDEX klaerfall_info_search ON recon.klaerfall_info USING gin (search_text gin_trgm_ops);
CREATE INDEX klaerfall_info_booking_date ON recon.klaerfall_info (booking_date);

CREATE FUNCTION recon.klaerfall_info_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recon.klaerfall_info (klaerfall_id, booking_date, value_date, amount, account_iban, account_key, payer_name, payer_iban,
                                      remittance, opened_on, search_text)
    SELECT v.klaerfall_id, v.booking_date, v.value_date, v.amount, v.account_iban, v.account_key, v.payer_name, v.payer_iban,
           v.remittance, v.opened_on, lower(concat_ws(' ', v.payer_name, v.payer_iban, v.remittance))
    FROM recon.klaerfall_receipt v
    WHERE v.klaerfall_id IN (SELECT id FROM new_klaerfall)
    ON CONFLICT (klaerfall_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER klaerfall_info_add AFTER INSERT ON recon.klaerfall
    REFERENCING NEW TABLE AS new_klaerfall FOR EACH STATEMENT EXECUTE FUNCTION recon.klaerfall_info_add();

INSERT INTO recon.klaerfall_info (klaerfall_id, booking_date, value_date, amount, account_iban, account_key, payer_name, payer_iban,
                                  remittance, opened_on, search_text)
SELECT v.klaerfall_id, v.booking_date, v.value_date, v.amount, v.account_iban, v.account_key, v.payer_name, v.payer_iban,
       v.remittance, v.opened_on, lower(concat_ws(' ', v.payer_name, v.payer_iban, v.remittance))
FROM recon.klaerfall_receipt v;

CREATE INDEX klaerfall_assigned_open ON recon.klaerfall (assigned_to) WHERE status = 'offen';

-- A clerk's proposal: assignment to one Kassenzeichen, a split across several, or a refund.
-- Under the four-eyes rule it takes effect only when another user with role approver approves it.
--   pending    waits for approval
--   approved   approved by decided_by (a different user) and booked / marked
--   immediate  took effect at once: the four-eyes rule did not require approval (amount at or
--              below PaymentRecon:Klaerfaelle:FourEyesThreshold); decided_by is the proposer
--   rejected   rejected by decided_by
--   withdrawn  withdrawn by its proposer
--   obsolete   the Klärfall was closed otherwise before approval (e.g. booked by the nightly run)
CREATE TABLE recon.klaerfall_proposal (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    klaerfall_id    bigint      NOT NULL REFERENCES recon.klaerfall (id),
    kind            text        NOT NULL CHECK (kind IN ('assign', 'split', 'refund')),
    -- [{"kassenzeichen": "5300000011087", "sollId": null, "betrag": 66.00}, ...]; empty for a refund.
    targets         jsonb       NOT NULL DEFAULT '[]',
    -- What the proposal moves: the sum of the targets, or the refunded amount.
    betrag          numeric(15, 2) NOT NULL CHECK (betrag > 0),
    reason_code     text        NOT NULL,
    note            text,
    proposed_by     text        NOT NULL,
    proposed_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'immediate', 'rejected', 'withdrawn', 'obsolete')),
    decided_by      text,
    decided_at      timestamptz,
    decision_reason_code text,
    decision_note   text,
    -- Four eyes, also here and not only in the code: nobody approves their own proposal.
    CHECK (status <> 'approved' OR decided_by IS DISTINCT FROM proposed_by)
);

-- At most one proposal waits per Klärfall.
CREATE UNIQUE INDEX klaerfall_proposal_pending ON recon.klaerfall_proposal (klaerfall_id) WHERE status = 'pending';
CREATE INDEX klaerfall_proposal_klaerfall ON recon.klaerfall_proposal (klaerfall_id, id);

-- Every manual action on a Klärfall: who, when, what, why (reason code and note), and the
-- Klärfall / proposal before and after as JSON. Append-only: see the triggers and grants below.
-- Automatic decisions are in recon.decision (also append-only); the audit trail combines both.
CREATE TABLE recon.klaerfall_audit (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    klaerfall_id    bigint      NOT NULL REFERENCES recon.klaerfall (id),
    proposal_id     bigint      REFERENCES recon.klaerfall_proposal (id),
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor           text        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('dashboard', 'cli')),
    action          text        NOT NULL,
    reason_code     text,
    note            text,
    before          jsonb,
    after           jsonb
);

CREATE INDEX klaerfall_audit_klaerfall ON recon.klaerfall_audit (klaerfall_id, id);
CREATE INDEX klaerfall_audit_at ON recon.klaerfall_audit (at);

-- Append-only, enforced twice. (1) Triggers that raise on UPDATE, DELETE and TRUNCATE, for every
-- role (statement-level: an INSERT pays nothing). Only a superuser or the table owner can disable
-- them. (2) Privileges for the application's role, below.
CREATE FUNCTION recon.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER klaerfall_audit_append_only BEFORE UPDATE OR DELETE ON recon.klaerfall_audit
    FOR EACH STATEMENT EXECUTE FUNCTION recon.refuse_change();
CREATE TRIGGER klaerfall_audit_no_truncate BEFORE TRUNCATE ON recon.klaerfall_audit
    FOR EACH STATEMENT EXECUTE FUNCTION recon.refuse_change();
-- Decisions are written once by the reconciliation step (COPY) and never changed; a correction is
-- a new decision with the next seq.
CREATE TRIGGER decision_append_only BEFORE UPDATE OR DELETE ON recon.decision
    FOR EACH STATEMENT EXECUTE FUNCTION recon.refuse_change();
CREATE TRIGGER decision_no_truncate BEFORE TRUNCATE ON recon.decision
    FOR EACH STATEMENT EXECUTE FUNCTION recon.refuse_change();

-- (2) Roles. recon_audit_owner (NOLOGIN) owns the audit table, so the application cannot drop or
-- alter it, nor disable its triggers. recon_app (NOLOGIN) is the group role production grants its
-- login role: everything on recon's tables except UPDATE, DELETE and TRUNCATE on the audit table
-- and on recon.decision. Roles are per cluster: created once, left alone when they exist. A
-- migrating user that may not create roles (no CREATEROLE) gets a notice and only the triggers.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recon_audit_owner') THEN
        CREATE ROLE recon_audit_owner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recon_app') THEN
        CREATE ROLE recon_app NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object THEN NULL; -- another database of the cluster created it at the same moment
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'roles recon_audit_owner / recon_app not created (no CREATEROLE): the audit table is protected by its triggers only';
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recon_audit_owner') AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recon_app') THEN
        GRANT USAGE ON SCHEMA recon TO recon_audit_owner, recon_app;
        ALTER TABLE recon.klaerfall_audit OWNER TO recon_audit_owner;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA recon TO recon_app;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA recon TO recon_app;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA recon TO recon_app;
        REVOKE UPDATE, DELETE, TRUNCATE ON recon.klaerfall_audit, recon.decision FROM recon_app;
        GRANT SELECT, INSERT ON recon.klaerfall_audit TO recon_app;
        -- The migrating user keeps reading and appending when it is not a superuser.
        EXECUTE format('GRANT SELECT, INSERT ON recon.klaerfall_audit TO %I', current_user);
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'privileges on recon.klaerfall_audit not changed (%): the audit table is protected by its triggers only', SQLERRM;
END
$$;

-- "Export now" (operator, dashboard): a run of its own that only exports what is pending and
-- writes a report; recorded like a rerun.
ALTER TABLE recon.run DROP CONSTRAINT run_trigger_check;
ALTER TABLE recon.run ADD CONSTRAINT run_trigger_check CHECK (trigger IN ('cli', 'schedule', 'rerun', 'test', 'export'));
ALTER TABLE recon.operator_action DROP CONSTRAINT operator_action_action_check;
ALTER TABLE recon.operator_action ADD CONSTRAINT operator_action_action_check CHECK (action IN ('rerun', 'requeue', 'export'));
