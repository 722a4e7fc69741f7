package dev.todo.notification.delivery;

import dev.todo.notification.notification.Notification;

/** A way to tell the user. A failure throws, and the retrier tries again later. */
public interface DeliveryChannel {

    String LOG = "log";
    String EMAIL = "email";

    String name();

    void deliver(Notification notification) throws Exception;
}
