-- The nightly run as a chain of Hangfire jobs, one per step (issue 6). A step writes its row when
-- it is done, with what the later steps and the run's summary need from it (file outcomes, the
-- reconciliation's counts, the control sum, the files written): the steps pass ids, never data,
-- and a step that finds its row already there (a job fetched twice, a retry after a crash between
-- the step and the next job) does nothing again. The command line writes the same rows.
CREATE TABLE recon.run_step (
    run_id          bigint      NOT NULL REFERENCES recon.run (id),
    step            text        NOT NULL CHECK (step IN ('receivables', 'statements', 'providersAndSepa', 'reconcile', 'export', 'report')),
    -- The Hangfire job that executed the step; null when the command line ran it.
    job_id          text,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL DEFAULT now(),
    seconds         numeric(12, 3) NOT NULL,
    result          jsonb       NOT NULL,
    PRIMARY KEY (run_id, step)
);

CREATE INDEX run_step_job ON recon.run_step (job_id) WHERE job_id IS NOT NULL;
