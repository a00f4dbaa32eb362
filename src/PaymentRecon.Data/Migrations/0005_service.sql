-- The service (issue 6): the lease that keeps one run per business date at a time across all
-- servers and the command line, what operators asked for (reruns, re-imports) and who asked, which
-- Hangfire job ran which run, and the log lines of each job for the dashboard.

-- One row per business date while a run holds it. Taken with INSERT ... ON CONFLICT ... WHERE
-- expired, renewed by the holder while it runs, deleted at the end; a crashed holder's row simply
-- expires. Times come from the database clock, so servers with skewed clocks still agree.
CREATE TABLE recon.run_lease (
    business_date   date        PRIMARY KEY,
    holder          text        NOT NULL,
    acquired_at     timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL
);

-- Audit of operator actions from the dashboard and the command line.
CREATE TABLE recon.operator_action (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action          text        NOT NULL CHECK (action IN ('rerun', 'requeue')),
    business_date   date,
    file_name       text,
    import_file_id  bigint      REFERENCES recon.import_file (id),
    requested_by    text        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('dashboard', 'cli')),
    requested_at    timestamptz NOT NULL DEFAULT now(),
    job_id          text,
    outcome         text        NOT NULL
);

CREATE INDEX operator_action_rerun ON recon.operator_action (business_date, id) WHERE action = 'rerun';

-- Which Hangfire job executed which run (the command line leaves no row here).
CREATE TABLE recon.run_job (
    run_id          bigint      PRIMARY KEY REFERENCES recon.run (id),
    job_id          text        NOT NULL,
    server          text        NOT NULL
);

CREATE INDEX run_job_job ON recon.run_job (job_id);

-- Log lines of a Hangfire job (Information and above, no personal data by the logging rules),
-- shown on the job's page in the dashboard.
CREATE TABLE recon.job_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id          text        NOT NULL,
    logged_at       timestamptz NOT NULL,
    level           text        NOT NULL,
    category        text        NOT NULL,
    message         text        NOT NULL
);

CREATE INDEX job_log_job ON recon.job_log (job_id, id);
