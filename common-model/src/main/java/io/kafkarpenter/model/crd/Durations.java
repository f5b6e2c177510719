package io.kafkarpenter.model.crd;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go duration strings ({@code time.ParseDuration}: {@code 30s}, {@code 1h30m}, {@code 1.5h}, {@code 300ms}) to
 * {@link Duration} and back, plus Karpenter's {@code Never}.
 *
 * <p>Karpenter's CRD patterns are narrower than Go's syntax (e.g. {@code consolidateAfter} accepts only whole
 * s/m/h units); the validators check those patterns, this class parses what Go parses.
 */
public final class Durations {
    /** Karpenter's value for "disabled" in {@code expireAfter} and {@code consolidateAfter}. */
    public static final String NEVER = "Never";

    private static final Pattern COMPONENT = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /** True if {@code value} is Karpenter's {@code Never}. */
    public static boolean isNever(String value) {
        return NEVER.equals(value);
    }

    /**
     * Parses a Go duration.
     *
     * @throws IllegalArgumentException naming the value when it is not a Go duration
     */
    public static Duration parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"\": empty");
        }
        String rest = value;
        boolean negative = false;
        if (rest.charAt(0) == '-' || rest.charAt(0) == '+') {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + value + "\": no number");
        }
        Matcher matcher = COMPONENT.matcher(rest);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        while (position < rest.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw new IllegalArgumentException("invalid duration \"" + value
                        + "\": expected a number followed by a unit (ns, us, ms, s, m, h) at \"" + rest.substring(position) + "\"");
            }
            String number = matcher.group(1);
            if (number.isEmpty() || number.equals(".")) {
                throw new IllegalArgumentException("invalid duration \"" + value + "\": missing number before unit " + matcher.group(2));
            }
            nanos = nanos.add(new BigDecimal(number.endsWith(".") ? number + "0" : number).multiply(unitNanos(matcher.group(2))));
            position = matcher.end();
        }
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("invalid duration \"" + value + "\": overflows (max about 2562047h)");
        }
        Duration duration = Duration.ofNanos(whole.longValueExact());
        return negative ? duration.negated() : duration;
    }

    /**
     * Parses a Go duration or {@code Never}.
     *
     * @return empty for {@code Never}
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static Optional<Duration> parseOrNever(String value) {
        return isNever(value) ? Optional.empty() : Optional.of(parse(value));
    }

    /** Formats like Go's {@code Duration.String()}: {@code 1h30m0s}, {@code 30s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (duration.isNegative()) {
            out.append('-');
            duration = duration.negated();
        }
        long totalNanos = duration.toNanos();
        if (totalNanos < 1_000_000_000L) {
            if (totalNanos < 1_000L) {
                return out.append(totalNanos).append("ns").toString();
            }
            if (totalNanos < 1_000_000L) {
                return out.append(decimal(totalNanos, 1_000L)).append("\u00b5s").toString();
            }
            return out.append(decimal(totalNanos, 1_000_000L)).append("ms").toString();
        }
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        long secondsNanos = totalNanos % 60_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(decimal(secondsNanos, 1_000_000_000L)).append('s').toString();
    }

    /** Formats a duration, or {@code Never} when empty. */
    public static String formatOrNever(Optional<Duration> duration) {
        return duration.map(Durations::format).orElse(NEVER);
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    private static BigDecimal unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> BigDecimal.ONE;
            case "us", "\u00b5s", "\u03bcs" -> BigDecimal.valueOf(1_000L);
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default -> throw new IllegalStateException("unit " + unit);
        };
    }
}
