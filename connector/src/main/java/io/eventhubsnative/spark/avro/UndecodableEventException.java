package io.eventhubsnative.spark.avro;

/** An event body that is not Avro of a schema in the registry; the message says why, with the schema id if known. */
public final class UndecodableEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UndecodableEventException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The error that fails a query on this event: why it could not be decoded, then {@code remedy}. */
    IllegalStateException failure(String remedy) {
        return new IllegalStateException("Could not decode an event " + getMessage() + ". " + remedy, this);
    }
}
