package dev.todo.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerIT {

    @TempDir
    static Path runDir;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(runDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void checkpointsComeByTimeNotByTheWritePathsWalVolume() throws SQLException {
        assertThat(setting("todo_api", "max_wal_size")).isEqualTo(PostgresServer.MAX_WAL_SIZE);
        assertThat(setting("todo_api", "checkpoint_timeout")).isEqualTo("5min");
    }

    @Test
    void everyServicesDatabaseIsThere() throws SQLException {
        for (String database : PostgresServer.DATABASES) {
            assertThat(setting(database, "server_version_num")).isNotBlank();
        }
    }

    private static String setting(String database, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(PostgresServer.jdbcUrl(database),
                PostgresServer.USER, PostgresServer.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("show " + name)) {
            result.next();
            return result.getString(1);
        }
    }
}
