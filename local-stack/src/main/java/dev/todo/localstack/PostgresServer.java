package dev.todo.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL from zonky's embedded binaries on a fixed port, one database per owner: todo-api,
 * notification-service and Dapr's state store. Data lives in the run directory and is fresh each run.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 15432;
    public static final String USER = "postgres";
    /** zonky's cluster uses trust authentication on loopback; the password only satisfies clients that insist on one. */
    public static final String PASSWORD = "postgres";
    public static final List<String> DATABASES = List.of("todo_api", "notification", "dapr_state");
    /** PostgreSQL's {@code max_wal_size} for the local stack (see {@link #start}). */
    static final String MAX_WAL_SIZE = "4GB";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresServer start(Path runDir) {
        Path log = runDir.resolve("logs/postgres.log");
        try {
            Files.createDirectories(log.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(PORT)
                    .setDataDirectory(runDir.resolve("postgres"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", HOST)
                    // Checkpoints by time (checkpoint_timeout, 5 min), not by WAL volume: the write path writes ~15 MB
                    // of WAL a second at 1,200 creates/s, so the default 1 GB started a checkpoint every ~35 s, and
                    // after each one the first change of every page is logged as a full 8 kB image. Runs of the
                    // benchmark in which one started during a level spent twice PostgreSQL's usual CPU per create
                    // (issue 12). The WAL kept is bounded by the size, in the run directory.
                    .setServerConfig("max_wal_size", MAX_WAL_SIZE)
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            PostgresServer server = new PostgresServer(postgres);
            server.createDatabases();
            return server;
        } catch (IOException | SQLException e) {
            throw new StackStartupException("postgresql", "did not start on " + HOST + ":" + PORT + ": " + e.getMessage()
                    + System.lineSeparator() + "what to do: see " + log + "; is port " + PORT + " free?", e);
        }
    }

    private void createDatabases() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (String database : DATABASES) {
                statement.execute("CREATE DATABASE " + database);
            }
        }
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** The libpq/pgx connection string Dapr's PostgreSQL state store takes. */
    public static String daprConnectionString(String database) {
        return "host=" + HOST + " port=" + PORT + " user=" + USER + " password=" + PASSWORD
                + " dbname=" + database + " sslmode=disable";
    }

    /**
     * secrets.json for daprd's local file secret store (dapr-components/local/local-secrets.yaml),
     * shaped like the Kubernetes Secret todo-db; owner-only, in the git-ignored run directory.
     */
    public static void writeDaprSecretsFile(Path runDir) {
        Path file = runDir.resolve("secrets.json");
        String json = "{\"todo-db\": {\"state-connection-string\": \"" + daprConnectionString("dapr_state") + "\"}}\n";
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new StackStartupException("launcher", "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
