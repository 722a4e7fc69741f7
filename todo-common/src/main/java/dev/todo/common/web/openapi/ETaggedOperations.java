package dev.todo.common.web.openapi;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/** Carries {@link ETagged} from the handler to the operation, where {@link PublicApiDocument} reads it. */
class ETaggedOperations implements GlobalOperationCustomizer {

    static final String EXTENSION = "x-todo-etag";

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        if (handlerMethod.hasMethodAnnotation(ETagged.class)) {
            operation.addExtension(EXTENSION, true);
        }
        return operation;
    }
}
