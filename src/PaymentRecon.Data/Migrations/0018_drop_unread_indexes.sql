-- Three indexes that every night of a million payments maintained a million entries each (about
-- a second of the server per index, measured by inserting a night's rows again with and without
-- them), and that no query needs:
--   decision_run       nothing reads decisions by run;
--   decision_entry     the control sum found a statement's decisions by entry; it now reads the
--                      range of receipt keys of the statement's entries from the primary key
--                      (receipt key = entry id * 2^20 + item, 0004);
--   booking_statement  the control sum found a statement's booking lines by statement; it now
--                      reads the same range from booking_receipt.
DROP INDEX recon.decision_run;
DROP INDEX recon.decision_entry;
DROP INDEX recon.booking_statement;
