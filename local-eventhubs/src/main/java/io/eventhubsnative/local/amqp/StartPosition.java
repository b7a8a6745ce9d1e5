package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.store.PartitionLog;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;

/**
 * A receive link's selector filter, e.g. {@code amqp.annotation.x-opt-offset > '-1'}, resolved to the first
 * sequence number to deliver when the link attaches.
 */
final class StartPosition {

    static final Symbol SELECTOR = Symbol.valueOf("apache.org:selector-filter:string");
    private static final Pattern EXPRESSION = Pattern.compile(
            "\\s*amqp\\.annotation\\.(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\\s*(>=|>)\\s*'([^']*)'\\s*");

    /** Thrown with a service-like description when the filter cannot be served. */
    static final class Invalid extends Exception {
        final Symbol condition;

        Invalid(Symbol condition, String message) {
            super(message, null, false, false);
            this.condition = condition;
        }
    }

    private StartPosition() {}

    static long resolve(Source source, PartitionLog log) throws Invalid {
        String expression = expression(source);
        if (expression == null) {
            return log.beginSequenceNumber();
        }
        Matcher m = EXPRESSION.matcher(expression);
        if (!m.matches()) {
            throw new Invalid(Errors.ARGUMENT_ERROR, "The selector filter '" + expression + "' is not supported.");
        }
        boolean inclusive = m.group(2).equals(">=");
        String value = m.group(3);
        switch (m.group(1)) {
            case "x-opt-offset":
                return fromOffset(log, value, inclusive);
            case "x-opt-sequence-number":
                return fromSequenceNumber(log, parse(value, "sequence number"), inclusive);
            default:
                return log.sequenceAfterTime(parse(value, "enqueued time"), inclusive);
        }
    }

    private static long fromOffset(PartitionLog log, String value, boolean inclusive) throws Invalid {
        if (value.equals("@latest")) {
            return log.endSequenceNumber();
        }
        long offset = parse(value, "offset");
        if (offset < 0) {
            return log.beginSequenceNumber();
        }
        PartitionLog.Snapshot snapshot = log.snapshot();
        if (!snapshot.isEmpty() && offset > snapshot.lastOffset()) {
            throw new Invalid(
                    Errors.ARGUMENT_OUT_OF_RANGE,
                    "The supplied offset '" + value + "' is invalid. The last offset in the system is '"
                            + snapshot.lastOffset() + "'.");
        }
        return log.sequenceAfterOffset(offset, inclusive);
    }

    private static long fromSequenceNumber(PartitionLog log, long sequenceNumber, boolean inclusive) throws Invalid {
        long first = inclusive ? sequenceNumber : sequenceNumber + 1;
        long end = log.endSequenceNumber();
        if (first > end) {
            throw new Invalid(
                    Errors.ARGUMENT_OUT_OF_RANGE,
                    "The supplied sequence number '" + sequenceNumber
                            + "' is invalid. The last sequence number in the system is '" + (end - 1) + "'.");
        }
        // A position that expired already starts at the oldest retained event, as on the service.
        return Math.max(first, log.beginSequenceNumber());
    }

    private static String expression(Source source) {
        Map<Symbol, Object> filter = source == null ? null : source.getFilter();
        Object value = filter == null ? null : filter.get(SELECTOR);
        if (value instanceof DescribedType described) {
            return String.valueOf(described.getDescribed());
        }
        return value == null ? null : value.toString();
    }

    private static long parse(String value, String what) throws Invalid {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Invalid(
                    Errors.ARGUMENT_ERROR, "The supplied " + what + " '" + value + "' is not a valid number.");
        }
    }
}
