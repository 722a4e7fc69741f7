package dev.todo.notification.subscription;

import dev.todo.common.pubsub.PoisonMessageException;
import dev.todo.common.pubsub.TransientMessageException;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionException;

/** What a database failure means for a message the subscribers store. */
final class StorageFailures {

    private StorageFailures() {
    }

    static <R> R classified(Supplier<R> storing) {
        try {
            return storing.get();
        } catch (DataIntegrityViolationException e) {
            // values PostgreSQL can never store (a NUL character, a year beyond its range): poison
            throw new PoisonMessageException("the database cannot store it: " + e.getMostSpecificCause(), e);
        } catch (DataAccessException | TransactionException e) {
            // the database is unreachable or failing: the message is fine, try it again later
            throw new TransientMessageException(e.toString(), e);
        }
    }
}
