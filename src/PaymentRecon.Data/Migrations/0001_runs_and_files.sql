-- Runs of the nightly job and every input file any run has seen. Later migrations add the
-- statement, Soll and booking tables that hang off these two.

CREATE TABLE recon.run (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_date   date        NOT NULL,
    trigger         text        NOT NULL CHECK (trigger IN ('cli', 'schedule', 'rerun', 'test')),
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    status          text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'succeeded_with_rejections', 'failed')),
    summary         jsonb
);

CREATE INDEX run_business_date ON recon.run (business_date);

CREATE TABLE recon.import_file (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('statement', 'receivable', 'provider', 'sepa')),
    file_name       text        NOT NULL,
    sha256          bytea       NOT NULL CHECK (octet_length(sha256) = 32),
    size_bytes      bigint      NOT NULL,
    run_id          bigint      REFERENCES recon.run (id),
    received_at     timestamptz NOT NULL DEFAULT now(),
    status          text        NOT NULL CHECK (status IN ('imported', 'duplicate', 'quarantined')),
    archive_path    text,
    problems        text
);

-- The same bytes imported twice are the same file; only the first import counts.
CREATE UNIQUE INDEX import_file_imported_once ON recon.import_file (kind, sha256) WHERE status = 'imported';
