package io.jobline.tenant;

import io.jobline.TenantId;
import io.jobline.store.SqlErrors;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** Tenants and their quotas in {@code tenants}, key hashes in {@code api_keys}. */
public final class PostgresTenantStore implements TenantStore {

    private static final String QUOTA_COLUMNS =
            "requests_per_second, request_burst, max_queued_jobs, max_payload_bytes, allowed_job_types";

    private final DataSource dataSource;

    public PostgresTenantStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public TenantId createTenant(String name) {
        TenantId id = TenantId.random();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO tenants (id, name) VALUES (?, ?)")) {
            insert.setObject(1, id.value());
            insert.setString(2, name);
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new TenantExistsException(name);
            }
            throw SqlErrors.translate("creating tenant " + name, e);
        }
    }

    @Override
    public Optional<TenantId> findTenantByName(String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement find = connection.prepareStatement("SELECT id FROM tenants WHERE name = ?")) {
            find.setString(1, name);
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? Optional.of(new TenantId(row.getObject(1, UUID.class))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("finding tenant " + name, e);
        }
    }

    @Override
    public void addApiKey(TenantId tenant, ApiKey key, String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO api_keys (key_hash, tenant_id, name) VALUES (?, ?, ?)")) {
            insert.setBytes(1, key.hash());
            insert.setObject(2, tenant.value());
            insert.setString(3, name);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.translate("adding an API key for tenant " + tenant, e);
        }
    }

    @Override
    public Optional<TenantId> findTenantByKeyHash(byte[] keyHash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement find = connection.prepareStatement(
                        "SELECT tenant_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")) {
            find.setBytes(1, keyHash);
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? Optional.of(new TenantId(row.getObject(1, UUID.class))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("looking up an API key", e);
        }
    }

    @Override
    public boolean revokeApiKey(byte[] keyHash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement revoke = connection.prepareStatement(
                        "UPDATE api_keys SET revoked_at = now() WHERE key_hash = ? AND revoked_at IS NULL")) {
            revoke.setBytes(1, keyHash);
            return revoke.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlErrors.translate("revoking an API key", e);
        }
    }

    @Override
    public boolean revokeKey(String keyId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement revoke = connection.prepareStatement(
                        "UPDATE api_keys SET revoked_at = now() WHERE key_id = ? AND revoked_at IS NULL")) {
            revoke.setString(1, keyId);
            return revoke.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlErrors.translate("revoking API key " + keyId, e);
        }
    }

    @Override
    public List<TenantSummary> listTenants() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement list = connection.prepareStatement(
                        "SELECT id, name, created_at, " + QUOTA_COLUMNS + " FROM tenants ORDER BY name")) {
            List<TenantSummary> tenants = new ArrayList<>();
            try (ResultSet row = list.executeQuery()) {
                while (row.next()) {
                    tenants.add(new TenantSummary(new TenantId(row.getObject("id", UUID.class)),
                            row.getString("name"), row.getTimestamp("created_at").toInstant(), quotasOf(row)));
                }
            }
            return tenants;
        } catch (SQLException e) {
            throw SqlErrors.translate("listing tenants", e);
        }
    }

    @Override
    public List<KeySummary> listKeys(TenantId tenant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement list = connection.prepareStatement("""
                        SELECT key_id, name, created_at, revoked_at FROM api_keys
                        WHERE tenant_id = ? ORDER BY created_at, key_id""")) {
            list.setObject(1, tenant.value());
            List<KeySummary> keys = new ArrayList<>();
            try (ResultSet row = list.executeQuery()) {
                while (row.next()) {
                    Timestamp revoked = row.getTimestamp("revoked_at");
                    keys.add(new KeySummary(row.getString("key_id"), row.getString("name"),
                            row.getTimestamp("created_at").toInstant(),
                            Optional.ofNullable(revoked).map(Timestamp::toInstant)));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw SqlErrors.translate("listing the keys of tenant " + tenant, e);
        }
    }

    @Override
    public Optional<TenantQuotas> quotas(TenantId tenant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement find = connection.prepareStatement(
                        "SELECT " + QUOTA_COLUMNS + " FROM tenants WHERE id = ?")) {
            find.setObject(1, tenant.value());
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? Optional.of(quotasOf(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the quotas of tenant " + tenant, e);
        }
    }

    @Override
    public boolean setQuotas(TenantId tenant, TenantQuotas quotas) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE tenants SET requests_per_second = ?, request_burst = ?, max_queued_jobs = ?,
                            max_payload_bytes = ?, allowed_job_types = ?
                        WHERE id = ?""")) {
            update.setInt(1, quotas.requestsPerSecond());
            update.setInt(2, quotas.burst());
            update.setLong(3, quotas.maxQueuedJobs());
            update.setInt(4, quotas.maxPayloadBytes());
            if (quotas.allowedJobTypes().isPresent()) {
                update.setArray(5, connection.createArrayOf("text",
                        quotas.allowedJobTypes().get().stream().sorted().toArray()));
            } else {
                update.setNull(5, java.sql.Types.ARRAY);
            }
            update.setObject(6, tenant.value());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlErrors.translate("setting the quotas of tenant " + tenant, e);
        }
    }

    @Override
    public long countWaitingJobs(TenantId tenant) {
        // An index-only scan of jobs_tenant_status_created_idx, one range per status.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("""
                        SELECT count(*) FROM jobs
                        WHERE tenant_id = ? AND status IN ('queued', 'scheduled', 'retrying')""")) {
            count.setObject(1, tenant.value());
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("counting the waiting jobs of tenant " + tenant, e);
        }
    }

    private static TenantQuotas quotasOf(ResultSet row) throws SQLException {
        Array types = row.getArray("allowed_job_types");
        Optional<Set<String>> allowed = types == null
                ? Optional.empty()
                : Optional.of(Set.of((String[]) types.getArray()));
        return new TenantQuotas(row.getInt("requests_per_second"), row.getInt("request_burst"),
                row.getLong("max_queued_jobs"), row.getInt("max_payload_bytes"), allowed);
    }
}
