package io.jobline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The job types this deployment knows, by name. */
public final class JobTypes {

    private final Map<String, JobType> byName = new LinkedHashMap<>();

    public JobTypes(List<JobType> types) {
        for (JobType type : types) {
            if (byName.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("Job type registered twice: " + type.name());
            }
        }
    }

    public JobType require(String name) {
        JobType type = byName.get(name);
        if (type == null) {
            throw new ValidationException(
                    "unknown_job_type",
                    "Unknown job type '" + name + "'; known types: " + String.join(", ", byName.keySet()),
                    List.of(new ValidationException.FieldError("type", "must be one of " + byName.keySet())));
        }
        return type;
    }

    public java.util.Optional<JobType> find(String name) {
        return java.util.Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
