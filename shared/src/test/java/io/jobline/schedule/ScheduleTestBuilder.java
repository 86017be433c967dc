package io.jobline.schedule;

import io.jobline.JobSpec;
import io.jobline.JobTestBuilder;
import io.jobline.TenantId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** Test schedules that read as English: {@code aSchedule().named("nightly").forTenant(t).build()}. */
public final class ScheduleTestBuilder {

    private TenantId tenant = new TenantId(UUID.fromString("00000000-0000-0000-0000-0000000000aa"));
    private String name = "nightly-report";
    private String cron = "0 * * * *";
    private ZoneId timezone = ZoneId.of("UTC");
    private JobSpec job = new JobSpec("email.send", JobTestBuilder.emailPayload("team@example.com"), 3);
    private Instant createdAt = JobTestBuilder.NOW;
    private boolean paused;

    private ScheduleTestBuilder() {}

    /** Hourly on the hour in UTC, created at {@link JobTestBuilder#NOW}, sending an email. */
    public static ScheduleTestBuilder aSchedule() {
        return new ScheduleTestBuilder();
    }

    public ScheduleTestBuilder forTenant(TenantId tenantId) {
        this.tenant = tenantId;
        return this;
    }

    public ScheduleTestBuilder named(String scheduleName) {
        this.name = scheduleName;
        return this;
    }

    public ScheduleTestBuilder withCron(String expression) {
        this.cron = expression;
        return this;
    }

    public ScheduleTestBuilder inZone(String zone) {
        this.timezone = ZoneId.of(zone);
        return this;
    }

    public ScheduleTestBuilder withJob(JobSpec template) {
        this.job = template;
        return this;
    }

    public ScheduleTestBuilder createdAt(Instant instant) {
        this.createdAt = instant;
        return this;
    }

    public ScheduleTestBuilder paused() {
        this.paused = true;
        return this;
    }

    public Schedule build() {
        Schedule schedule = Schedule.create(tenant, name, CronExpression.parse(cron), timezone, job, createdAt);
        return paused ? schedule.pause(createdAt) : schedule;
    }
}
