package dev.todo.api.config;

import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What {@code @Transactional(propagation = MANDATORY)} said for the JDBC writers, for callers under either manager of
 * {@link TransactionManagers}: the annotation asks the default (JPA) manager, which does not see a JDBC manager's
 * transaction. Both managers bind the transaction's connection to the DataSource, so JDBC inside either joins it.
 */
public final class RequiresTransaction {

    private RequiresTransaction() {
    }

    /** @throws IllegalTransactionStateException outside a transaction: the write would commit on its own */
    public static void check(String writer) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    writer + " must run inside the transaction that changes the task");
        }
    }
}
