package io.jobline.store;

import io.jobline.JobStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many jobs a tenant has, per status (every status, zeros included, so dashboards need no special cases), per
 * type (only the types the tenant has jobs of, by name), and per type and status (each of those types with every
 * status).
 */
public record TenantStats(
        Map<JobStatus, Long> byStatus,
        SortedMap<String, Long> byType,
        SortedMap<String, Map<JobStatus, Long>> byTypeAndStatus) {

    public TenantStats {
        byStatus = everyStatus(byStatus);
        byType = Collections.unmodifiableSortedMap(new TreeMap<>(byType));
        SortedMap<String, Map<JobStatus, Long>> perType = new TreeMap<>();
        byTypeAndStatus.forEach((type, counts) -> perType.put(type, everyStatus(counts)));
        byTypeAndStatus = Collections.unmodifiableSortedMap(perType);
    }

    private static Map<JobStatus, Long> everyStatus(Map<JobStatus, Long> counts) {
        EnumMap<JobStatus, Long> all = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            all.put(status, counts.getOrDefault(status, 0L));
        }
        return Collections.unmodifiableMap(all);
    }

    /** Adds up counts of (status, type) groups, the shape both implementations read them in. */
    public static final class Tally {

        private final Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
        private final SortedMap<String, Long> byType = new TreeMap<>();
        private final SortedMap<String, Map<JobStatus, Long>> byTypeAndStatus = new TreeMap<>();

        public Tally add(JobStatus status, String type, long count) {
            byStatus.merge(status, count, Long::sum);
            byType.merge(type, count, Long::sum);
            byTypeAndStatus.computeIfAbsent(type, any -> new EnumMap<>(JobStatus.class)).merge(status, count, Long::sum);
            return this;
        }

        public TenantStats stats() {
            return new TenantStats(byStatus, byType, byTypeAndStatus);
        }
    }

    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}
