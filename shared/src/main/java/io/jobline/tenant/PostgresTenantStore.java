package io.jobline.tenant;

import io.jobline.TenantId;
import io.jobline.store.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Tenants in {@code tenants}, key hashes in {@code api_keys}. */
public final class PostgresTenantStore implements TenantStore {

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
            throw translate("creating tenant " + name, e);
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
            throw translate("finding tenant " + name, e);
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
            throw translate("adding an API key for tenant " + tenant, e);
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
            throw translate("looking up an API key", e);
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
            throw translate("revoking an API key", e);
        }
    }

    private static RuntimeException translate(String doing, SQLException e) {
        return SqlErrors.translate(doing, e);
    }
}
