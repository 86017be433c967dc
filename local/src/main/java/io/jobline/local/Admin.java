package io.jobline.local;

import com.zaxxer.hikari.HikariDataSource;
import io.jobline.config.ConfigException;
import io.jobline.config.DatabaseConfig;
import io.jobline.store.Database;
import io.jobline.store.StoreException;
import io.jobline.store.StoreUnavailableException;
import io.jobline.tenant.InvalidTenantSettingException;
import io.jobline.tenant.IssuedKey;
import io.jobline.tenant.KeyNotFoundException;
import io.jobline.tenant.KeySummary;
import io.jobline.tenant.PostgresTenantStore;
import io.jobline.tenant.TenantAdmin;
import io.jobline.tenant.TenantExistsException;
import io.jobline.tenant.TenantNotFoundException;
import io.jobline.tenant.TenantQuotas;
import io.jobline.tenant.TenantSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The operator's command for tenants, keys and quotas, so none of it needs SQL. Connects with
 * {@code JOBLINE_DATABASE_URL}, {@code _USER} and {@code _PASSWORD} (or {@code _SECRET_ARN}):
 *
 * <pre>
 * bin/jobline-admin create-tenant acme
 * </pre>
 */
public final class Admin {

    static final String USAGE = """
            usage: Admin <command>
              create-tenant NAME
              issue-key TENANT [--name KEY_NAME]     prints the key once; Jobline keeps only its hash
              list-tenants
              list-keys TENANT                       key ids, names, dates; never the keys
              revoke-key KEY_ID                      stops working within JOBLINE_API_KEY_CACHE_SECONDS
              show-quota TENANT
              set-quota TENANT [--requests-per-second N] [--burst N] [--max-queued-jobs N]
                               [--max-payload-bytes N] [--allowed-job-types TYPE,TYPE|all]""";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE_ERROR = 64;

    private final TenantAdmin admin;
    private final PrintStream out;
    private final PrintStream err;

    Admin(TenantAdmin admin, PrintStream out, PrintStream err) {
        this.admin = admin;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println(USAGE);
            System.exit(args.length == 0 ? USAGE_ERROR : OK);
        }
        int status;
        try (HikariDataSource pool = Database.connect(DatabaseConfig.fromEnv(System.getenv()), "jobline-admin")) {
            status = new Admin(new TenantAdmin(new PostgresTenantStore(pool)), System.out, System.err)
                    .run(List.of(args));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            status = FAILED;
        }
        System.exit(status);
    }

    /** Runs one command; returns the exit status. */
    int run(List<String> args) {
        try {
            return dispatch(args);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        } catch (TenantNotFoundException | TenantExistsException | KeyNotFoundException
                | InvalidTenantSettingException e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (StoreException | StoreUnavailableException e) {
            err.println("Database error: " + e.getMessage());
            return FAILED;
        }
    }

    private int dispatch(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("no command");
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        switch (command) {
            case "create-tenant" -> {
                TenantSummary tenant = admin.createTenant(only(rest, "NAME"));
                out.println("created tenant " + tenant.name() + " (" + tenant.id() + ")");
            }
            case "issue-key" -> {
                Options options = Options.parse(rest, Set.of("--name"));
                IssuedKey issued = admin.issueKey(options.positional(1, "TENANT").getFirst(),
                        options.value("--name").orElse(""));
                out.println("key id: " + issued.id());
                out.println("key:    " + issued.key().secret());
                out.println("Store the key now: Jobline keeps only its hash and cannot show it again.");
            }
            case "list-tenants" -> {
                none(rest);
                List<TenantSummary> tenants = admin.listTenants();
                out.printf("%-30s %-36s %s%n", "NAME", "ID", "QUOTAS");
                for (TenantSummary tenant : tenants) {
                    out.printf("%-30s %-36s %s%n", tenant.name(), tenant.id(), describe(tenant.quotas()));
                }
            }
            case "list-keys" -> {
                List<KeySummary> keys = admin.listKeys(only(rest, "TENANT"));
                out.printf("%-12s %-24s %-30s %s%n", "ID", "NAME", "CREATED", "REVOKED");
                for (KeySummary key : keys) {
                    out.printf("%-12s %-24s %-30s %s%n", key.id(), key.name(), key.createdAt(),
                            key.revokedAt().map(Object::toString).orElse("-"));
                }
            }
            case "revoke-key" -> {
                String keyId = only(rest, "KEY_ID");
                admin.revokeKey(keyId);
                out.println("revoked key " + keyId
                        + " (API instances that cached it stop accepting it within JOBLINE_API_KEY_CACHE_SECONDS)");
            }
            case "show-quota" -> out.println(describe(admin.quotas(only(rest, "TENANT"))));
            case "set-quota" -> {
                Options options = Options.parse(rest, Set.of("--requests-per-second", "--burst",
                        "--max-queued-jobs", "--max-payload-bytes", "--allowed-job-types"));
                String tenant = options.positional(1, "TENANT").getFirst();
                if (options.values().isEmpty()) {
                    throw new UsageException("set-quota needs at least one quota to set");
                }
                out.println(describe(admin.changeQuotas(tenant, quotaChange(options))));
            }
            default -> throw new UsageException("unknown command: " + command);
        }
        return OK;
    }

    private static UnaryOperator<TenantQuotas> quotaChange(Options options) {
        return quotas -> {
            TenantQuotas next = quotas;
            for (String[] option : options.values()) {
                String value = option[1];
                next = switch (option[0]) {
                    case "--requests-per-second" -> next.withRequestsPerSecond(intValue(option[0], value));
                    case "--burst" -> next.withBurst(intValue(option[0], value));
                    case "--max-queued-jobs" -> next.withMaxQueuedJobs(longValue(option[0], value));
                    case "--max-payload-bytes" -> next.withMaxPayloadBytes(intValue(option[0], value));
                    case "--allowed-job-types" -> next.withAllowedJobTypes(value.equals("all")
                            ? Optional.empty()
                            : Optional.of(new LinkedHashSet<>(Arrays.stream(value.split(","))
                                    .map(String::strip).filter(type -> !type.isEmpty()).toList())));
                    default -> throw new IllegalStateException("unparsed option " + option[0]);
                };
            }
            return next;
        };
    }

    static String describe(TenantQuotas quotas) {
        return "requests-per-second=" + quotas.requestsPerSecond() + " burst=" + quotas.burst()
                + " max-queued-jobs=" + quotas.maxQueuedJobs() + " max-payload-bytes=" + quotas.maxPayloadBytes()
                + " allowed-job-types=" + quotas.allowedJobTypes().map(types -> String.join(",", types.stream()
                        .sorted().toList())).orElse("all");
    }

    private static int intValue(String option, String value) {
        long parsed = longValue(option, value);
        if (parsed > Integer.MAX_VALUE) {
            throw new InvalidTenantSettingException(option + " is too large: " + value);
        }
        return (int) parsed;
    }

    private static long longValue(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidTenantSettingException(option + " must be a whole number, got '" + value + "'");
        }
    }

    private static String only(List<String> args, String name) {
        if (args.size() != 1) {
            throw new UsageException("expected exactly one argument: " + name);
        }
        return args.getFirst();
    }

    private static void none(List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("unexpected arguments: " + String.join(" ", args));
        }
    }

    /** Positional arguments and {@code --option value} pairs, in order. */
    private record Options(List<String> positionals, List<String[]> values) {

        static Options parse(List<String> args, Set<String> known) {
            List<String> positionals = new ArrayList<>();
            List<String[]> values = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.startsWith("--")) {
                    if (!known.contains(arg)) {
                        throw new UsageException("unknown option: " + arg);
                    }
                    if (i + 1 >= args.size()) {
                        throw new UsageException(arg + " needs a value");
                    }
                    values.add(new String[] {arg, args.get(++i)});
                } else {
                    positionals.add(arg);
                }
            }
            return new Options(positionals, values);
        }

        List<String> positional(int count, String names) {
            if (positionals.size() != count) {
                throw new UsageException("expected: " + names);
            }
            return positionals;
        }

        Optional<String> value(String option) {
            return values.stream().filter(value -> value[0].equals(option)).map(value -> value[1]).reduce((a, b) -> b);
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
