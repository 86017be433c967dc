package io.jobline.worker;

import io.jobline.cache.JobCache;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.mail.SesMailer;
import io.jobline.queue.JobQueue;
import io.jobline.queue.SqsJobQueue;
import io.jobline.store.Database;
import io.jobline.store.JobStore;
import io.jobline.store.PostgresJobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** What the worker function works with. Built once per Lambda instance, at init. */
public record Dependencies(
        JobStore store, JobQueue queue, JobCache cache, List<JobRunner> runners, Duration jobLease, Clock clock) {

    public static Dependencies fromConfig(Config config) {
        return new Dependencies(
                new PostgresJobStore(Database.connect(config.database(), "jobline-worker")),
                new SqsJobQueue(SqsJobQueue.client(config), config.queueUrl()),
                new RedisJobCache(RedisJobCache.client(config), config.cacheTtl(), Database.clock()),
                List.of(new EmailJob(new SesMailer(SesMailer.client(config)), config.senderAddress())),
                config.jobLease(),
                Database.clock());
    }
}
