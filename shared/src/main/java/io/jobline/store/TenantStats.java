package io.jobline.store;

import io.jobline.JobStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many jobs a tenant has, per status (every status, zeros included, so dashboards need no special cases) and per
 * type (only the types the tenant has jobs of, by name).
 */
public record TenantStats(Map<JobStatus, Long> byStatus, SortedMap<String, Long> byType) {

    public TenantStats {
        EnumMap<JobStatus, Long> allStatuses = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            allStatuses.put(status, byStatus.getOrDefault(status, 0L));
        }
        byStatus = Collections.unmodifiableMap(allStatuses);
        byType = Collections.unmodifiableSortedMap(new TreeMap<>(byType));
    }

    /** Adds up counts of (status, type) groups, the shape both implementations read them in. */
    public static final class Tally {

        private final Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
        private final SortedMap<String, Long> byType = new TreeMap<>();

        public Tally add(JobStatus status, String type, long count) {
            byStatus.merge(status, count, Long::sum);
            byType.merge(type, count, Long::sum);
            return this;
        }

        public TenantStats stats() {
            return new TenantStats(byStatus, byType);
        }
    }

    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}
