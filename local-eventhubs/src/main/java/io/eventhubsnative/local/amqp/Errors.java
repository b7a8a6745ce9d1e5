package io.eventhubsnative.local.amqp;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/** The error conditions and descriptions the service uses; the SDK matches some descriptions by regex. */
public final class Errors {

    public static final Symbol NOT_FOUND = Symbol.valueOf("amqp:not-found");
    public static final Symbol UNAUTHORIZED = Symbol.valueOf("amqp:unauthorized-access");
    public static final Symbol ARGUMENT_OUT_OF_RANGE = Symbol.valueOf("com.microsoft:argument-out-of-range");
    public static final Symbol ARGUMENT_ERROR = Symbol.valueOf("com.microsoft:argument-error");
    public static final Symbol LINK_STOLEN = Symbol.valueOf("amqp:link:stolen");
    public static final Symbol MESSAGE_SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
    public static final Symbol RESOURCE_LIMIT_EXCEEDED = Symbol.valueOf("amqp:resource-limit-exceeded");
    public static final Symbol NOT_IMPLEMENTED = Symbol.valueOf("amqp:not-implemented");
    public static final Symbol INTERNAL_ERROR = Symbol.valueOf("amqp:internal-error");
    public static final Symbol SERVER_BUSY = Symbol.valueOf("com.microsoft:server-busy");

    private static final String MORE = " To know more visit https://aka.ms/sbResourceMgrExceptions.";

    private Errors() {}

    public static ErrorCondition of(Symbol condition, String description) {
        return new ErrorCondition(condition, description);
    }

    /** The condition of a failed management or CBS request, by its status code, as its {@code error-condition}. */
    static String conditionOf(int status) {
        return switch (status) {
            case 400 -> ARGUMENT_ERROR.toString();
            case 401 -> UNAUTHORIZED.toString();
            case 404 -> NOT_FOUND.toString();
            case 503 -> "com.microsoft:server-busy";
            default -> INTERNAL_ERROR.toString();
        };
    }

    /** Matches the SDK's non-transient pattern {@code The messaging entity .* could not be found}. */
    public static String entityNotFound(String host, String entityPath) {
        return "The messaging entity 'sb://" + host + "/" + entityPath + "' could not be found." + MORE;
    }

    public static String invalidPartition(String partitionId, int partitionCount) {
        return "The specified partition '" + partitionId + "' is invalid for an EventHub partition sender or receiver."
                + " It should be between 0 and " + (partitionCount - 1) + ".";
    }

    public static String unauthorized(String claim, String host, String entityPath) {
        return "Unauthorized access. '" + claim + "' claim(s) are required to perform this operation. Resource: 'sb://"
                + host + "/" + entityPath + "'.";
    }
}
