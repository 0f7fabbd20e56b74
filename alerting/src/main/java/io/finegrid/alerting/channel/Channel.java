package io.finegrid.alerting.channel;

import io.finegrid.model.alert.NotificationRecord;

/** One way of reaching a person. An attempt never throws: how it went is the {@link Delivery}. */
public interface Channel extends AutoCloseable {
    Delivery send(NotificationRecord n);

    @Override
    default void close() {}
}
