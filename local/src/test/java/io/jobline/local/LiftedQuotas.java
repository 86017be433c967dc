package io.jobline.local;

import io.jobline.tenant.ApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Lifts a test tenant's request-rate quota, where the schema has one: the fuzz and isolation tests send hundreds of
 * requests a second from one tenant and test what those requests do, not the rate limit. Call it before the tenant's
 * first request, while no API instance has cached its quotas.
 */
final class LiftedQuotas {

    private LiftedQuotas() {}

    static void lift(LocalJobline jobline, ApiKey key) {
        try (Connection connection = jobline.dataSource().getConnection()) {
            if (!hasColumn(connection, "tenants", "requests_per_second")) {
                return;
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE tenants"
                    + " SET requests_per_second = 100000, request_burst = 1000000"
                    + " WHERE id = (SELECT tenant_id FROM api_keys WHERE key_hash = ?)")) {
                update.setBytes(1, key.hash());
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lift the quotas of a test tenant", e);
        }
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM information_schema.columns"
                + " WHERE table_name = ? AND column_name = ?")) {
            query.setString(1, table);
            query.setString(2, column);
            try (ResultSet found = query.executeQuery()) {
                return found.next();
            }
        }
    }
}
