-- GET /stats/throughput counts one tenant's succeeded and failed jobs per time bucket over the last hour or day:
-- WHERE tenant_id = ? AND status IN ('succeeded', 'failed') AND finished_at >= ? AND finished_at < ?, grouped by
-- bucket and status. With the tenant first and finished_at second, the window is one index range scan however old the
-- table; INCLUDE (status) makes it index-only. Partial on the two statuses the chart shows: unfinished jobs have no
-- finished_at and cancelled ones are not throughput, so neither costs index space or write time here.
CREATE INDEX jobs_tenant_finished_idx
    ON jobs (tenant_id, finished_at) INCLUDE (status)
    WHERE status IN ('succeeded', 'failed');
