package dev.todo.common.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Opens a PostgreSQL session of its own, outside the connection pool: LISTEN and session advisory locks belong
 * to one session, and a pooled connection would carry them into its next borrower.
 */
@FunctionalInterface
public interface PgConnector {

    Connection open() throws SQLException;

    static PgConnector of(String url, String username, String password) {
        return () -> {
            Connection connection = DriverManager.getConnection(url, username, password);
            connection.setAutoCommit(true);
            return connection;
        };
    }
}
