package io.eventhubsnative.spark.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Typed reads of single options. Each failure is an {@link IllegalArgumentException} that names the option, says
 * what is wrong and shows a correct value. Values are echoed only by the non-secret readers.
 */
final class OptionReader {

    private final CaseInsensitiveStringMap options;

    OptionReader(Map<String, String> options) {
        this.options = options instanceof CaseInsensitiveStringMap
                ? (CaseInsensitiveStringMap) options
                : new CaseInsensitiveStringMap(options);
    }

    /** The user's spelling of every key, for messages (keys are never secret). */
    Iterable<String> keys() {
        return options.asCaseSensitiveMap().keySet();
    }

    /** The trimmed value, or null when the option is absent or blank (blank counts as not set). */
    String string(String key) {
        String value = options.get(key);
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    boolean isSet(String key) {
        return string(key) != null;
    }

    /** A count that must be at least 1, or null when not set. */
    Long positiveLong(String key, String example) {
        String value = string(key);
        if (value == null) {
            return null;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option '" + key + "' must be a whole number, but got '" + value
                    + "'. Example: .option(\"" + key + "\", \"" + example + "\")");
        }
        if (parsed < 1) {
            throw new IllegalArgumentException("Option '" + key + "' must be at least 1, but got " + parsed
                    + ". Example: .option(\"" + key + "\", \"" + example + "\"), or leave it out for no limit.");
        }
        return parsed;
    }

    int intInRange(String key, int defaultValue, int min, int max) {
        String value = string(key);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option '" + key + "' must be a whole number from " + min + " to " + max
                    + ", but got '" + value + "'. Example: .option(\"" + key + "\", \"" + defaultValue + "\")");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("Option '" + key + "' must be from " + min + " to " + max + ", but got "
                    + parsed + ". Example: .option(\"" + key + "\", \"" + defaultValue + "\")");
        }
        return (int) parsed;
    }

    boolean bool(String key, boolean defaultValue) {
        String value = string(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("Option '" + key + "' must be true or false, but got '" + value
                + "'. Example: .option(\"" + key + "\", \"" + !defaultValue + "\")");
    }

    /**
     * A duration written as Spark writes them ({@code 30s}, {@code 500ms}, {@code 15m}, {@code 1h}; a bare number is
     * milliseconds) or in ISO-8601 ({@code PT30S}, as the legacy connector took it). Must be positive when
     * {@code positive}, else at least zero.
     */
    Duration duration(String key, Duration defaultValue, boolean positive) {
        String value = string(key);
        if (value == null) {
            return defaultValue;
        }
        Duration parsed = parseDuration(value);
        String example = "Example: .option(\"" + key + "\", \"" + spark(defaultValue) + "\")";
        if (parsed == null) {
            throw new IllegalArgumentException("Option '" + key + "' must be a duration such as 500ms, 30s, 15m or 1h"
                    + " (or ISO-8601 like PT30S), but got '" + value + "'. " + example);
        }
        if (parsed.isNegative() || (positive && parsed.isZero())) {
            throw new IllegalArgumentException("Option '" + key + "' must be "
                    + (positive ? "longer than zero" : "zero " + "or more") + ", but got '" + value + "'. " + example);
        }
        return parsed;
    }

    private static Duration parseDuration(String value) {
        if (value.toUpperCase(Locale.ROOT).startsWith("P")
                || value.toUpperCase(Locale.ROOT).startsWith("-P")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        try {
            return Duration.ofMillis(JavaUtils.timeStringAsMs(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A duration as Spark would write it, for examples and {@code toString}. */
    static String spark(Duration duration) {
        long ms = duration.toMillis();
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
