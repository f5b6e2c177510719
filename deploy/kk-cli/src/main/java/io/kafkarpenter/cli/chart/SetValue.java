package io.kafkarpenter.cli.chart;

import java.util.Map;

/** A Helm {@code --set key=value} argument, as {@code bin/kk chart} and {@code bin/kk topics} take it. */
public final class SetValue {

    private SetValue() {
    }

    /** Puts {@code pair} (key=value, non-empty key) into {@code values}; false, and nothing put, when it is not one. */
    public static boolean put(Map<String, String> values, String pair) {
        int eq = pair == null ? -1 : pair.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
        return true;
    }
}
