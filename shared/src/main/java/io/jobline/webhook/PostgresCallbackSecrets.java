package io.jobline.webhook;

import io.jobline.TenantId;
import io.jobline.store.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Callback secrets in {@code tenants.callback_secret}. The secret is stored as it is, not hashed: signing needs the
 * secret itself, as the receiver does.
 */
public final class PostgresCallbackSecrets implements CallbackSecrets {

    private final DataSource dataSource;

    public PostgresCallbackSecrets(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<String> secretFor(TenantId tenant) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<Optional<String>> stored = read(connection, tenant);
            if (stored.isEmpty() || stored.get().isPresent()) {
                return stored.flatMap(secret -> secret);
            }
            // First use. Two workers may race here: the one whose UPDATE finds the column still empty wins, and the
            // other reads the winner's secret, so both sign with the same one.
            try (PreparedStatement create = connection.prepareStatement(
                    "UPDATE tenants SET callback_secret = ? WHERE id = ? AND callback_secret IS NULL")) {
                create.setString(1, NewSecret.generate());
                create.setObject(2, tenant.value());
                create.executeUpdate();
            }
            return read(connection, tenant).flatMap(secret -> secret);
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the callback secret of tenant " + tenant, e);
        }
    }

    @Override
    public Optional<String> rotate(TenantId tenant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement rotate = connection.prepareStatement(
                        "UPDATE tenants SET callback_secret = ? WHERE id = ? RETURNING callback_secret")) {
            rotate.setString(1, NewSecret.generate());
            rotate.setObject(2, tenant.value());
            try (ResultSet row = rotate.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("rotating the callback secret of tenant " + tenant, e);
        }
    }

    /** Empty if the tenant does not exist; an empty inner value if it has no secret yet. */
    private static Optional<Optional<String>> read(Connection connection, TenantId tenant) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(
                "SELECT callback_secret FROM tenants WHERE id = ?")) {
            find.setObject(1, tenant.value());
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? Optional.of(Optional.ofNullable(row.getString(1))) : Optional.empty();
            }
        }
    }
}
