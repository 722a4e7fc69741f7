package dev.todo.common.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit; answered as 413. */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
    }
}
