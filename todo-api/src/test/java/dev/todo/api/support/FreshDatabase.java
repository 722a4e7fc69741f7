package dev.todo.api.support;

import dev.todo.common.test.SharedPostgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** A new database of its own on the shared embedded PostgreSQL, migrated to todo-api's schema: one per test. */
public final class FreshDatabase {

    private FreshDatabase() {
    }

    public static PGSimpleDataSource migrated(String prefix) {
        String database = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(SharedPostgres.jdbcUrl(database));
        dataSource.setUser(SharedPostgres.username());
        dataSource.setPassword(SharedPostgres.password());
        Flyway.configure().dataSource((DataSource) dataSource).load().migrate();
        return dataSource;
    }
}
