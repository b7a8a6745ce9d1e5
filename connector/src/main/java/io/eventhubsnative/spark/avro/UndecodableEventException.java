package io.eventhubsnative.spark.avro;

/** An event body that is not Avro of a schema in the registry; the message says why, with the schema id if known. */
public final class UndecodableEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UndecodableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
