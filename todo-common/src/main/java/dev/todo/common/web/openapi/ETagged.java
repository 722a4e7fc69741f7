package dev.todo.common.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler whose success response carries an {@code ETag}; on a GET, a matching {@code If-None-Match}
 * answers 304. The handler's code says so only at run time, so the document learns it from this mark
 * ({@link PublicApiDocument}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ETagged {
}
