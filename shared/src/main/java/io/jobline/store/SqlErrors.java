package io.jobline.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells outages (retry later, answer 503) from bugs (fix the code) in the SQL exceptions of every store. */
public final class SqlErrors {

    private SqlErrors() {}

    public static RuntimeException translate(String doing, SQLException e) {
        if (isOutage(e)) {
            return new StoreUnavailableException("Database unavailable while " + doing + ": " + e.getMessage(), e);
        }
        return new StoreException("Database error while " + doing + ": " + e.getMessage(), e);
    }

    /** SQLSTATE 23505: the statement would have duplicated a value a unique index or constraint guards. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /**
     * SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (shutdown, crash recovery) and HikariCP's
     * timeout waiting for a connection all mean the server, not the statement, is the problem.
     */
    public static boolean isOutage(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
