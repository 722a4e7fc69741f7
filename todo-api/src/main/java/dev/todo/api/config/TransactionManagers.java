package dev.todo.api.config;

import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.transaction.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Two managers over the one DataSource. JPA stays the default for every use case that reads or changes entities.
 * The use cases that are plain JDBC from start to end (a create: {@code TaskInsert}, {@code OutboxWriter}, the
 * reminder-job listener) name {@link #JDBC}: they need no Hibernate Session, and opening, flushing and closing one per
 * request was about 9 % of todo-api's CPU samples under the write benchmark. Under it only JDBC may run, on the
 * transaction's connection (a JPA transaction begun inside it fails: "Pre-bound JDBC Connection found").
 * <p>
 * Called inside a JPA transaction, such a use case joins it, as it did under the JPA manager: JdbcTransactionManager
 * alone would take the JPA transaction's connection for a transaction of its own and commit it at its end, outside
 * the caller's transaction.
 * <p>
 * Declaring a manager switches Boot's JPA one off, so it is declared here too, with Boot's customizers.
 */
@Configuration(proxyBeanMethods = false)
public class TransactionManagers {

    /** The qualifier of the JDBC-only transaction manager. */
    public static final String JDBC = "jdbcTransactionManager";

    @Bean
    @Primary
    JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory,
            ObjectProvider<TransactionManagerCustomizers> customizers) {
        JpaTransactionManager manager = new JpaTransactionManager(entityManagerFactory);
        customizers.ifAvailable(each -> each.customize(manager));
        return manager;
    }

    @Bean(JDBC)
    JdbcTransactionManager jdbcTransactionManager(DataSource dataSource,
            ObjectProvider<TransactionManagerCustomizers> customizers) {
        JdbcTransactionManager manager = new JdbcTransactionManager(dataSource) {
            @Override
            protected boolean isExistingTransaction(Object transaction) {
                return super.isExistingTransaction(transaction)
                        || TransactionSynchronizationManager.isActualTransactionActive();
            }
        };
        customizers.ifAvailable(each -> each.customize(manager));
        return manager;
    }
}
