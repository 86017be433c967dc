-- A running job stopped by a cancel ends its attempt as 'cancelled' (before, the attempt stayed open in the history
-- until a later attempt closed it as 'lost').
ALTER TABLE job_attempts DROP CONSTRAINT job_attempts_outcome_check;
ALTER TABLE job_attempts ADD CONSTRAINT job_attempts_outcome_check
    CHECK (outcome IN ('succeeded', 'failed', 'retrying', 'cancelled', 'lost'));
