package org.pollux.serve.api;

import java.math.BigDecimal;
import java.time.Duration;

/** proto3 JSON {@code Duration}: seconds with an optional fraction and an {@code s} suffix ("300s", "3.5s"). */
public final class Durations {
    private Durations() {}

    public static Duration parse(String field, String text) {
        if (text == null || !text.endsWith("s")) {
            throw ApiException.invalid("Invalid value at '" + field + "' (type.googleapis.com/google.protobuf.Duration), "
                    + "\"" + text + "\": expected seconds such as \"300s\"");
        }
        try {
            BigDecimal seconds = new BigDecimal(text.substring(0, text.length() - 1));
            if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(315_576_000_000L)) > 0) {
                throw new NumberFormatException("out of range");
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw ApiException.invalid("Invalid value at '" + field + "' (type.googleapis.com/google.protobuf.Duration), "
                    + "\"" + text + "\"");
        }
    }

    public static String format(Duration d) {
        if (d.getNano() == 0) {
            return d.getSeconds() + "s";
        }
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).stripTrailingZeros()
                .toPlainString() + "s";
    }
}
