package io.kafkarpenter.model.resources;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ("100m", "1.5Gi", "1e3", "2"), held exactly.
 *
 * <p>Parsing accepts the syntax of {@code k8s.io/apimachinery/pkg/api/resource}: an optionally signed decimal number
 * followed by a binary suffix (Ki..Ei), a decimal suffix (n, u, m, "", k, M, G, T, P, E) or a decimal exponent
 * (e/E followed by an integer). The scheduler works on {@link #milliValue()} (rounded up, like Kubernetes'
 * {@code MilliValue}), so arithmetic in the hot path is on longs.
 */
public final class Quantity implements Comparable<Quantity> {

    private static final Pattern SYNTAX = Pattern.compile(
            "^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MAX_MILLI = BigDecimal.valueOf(Long.MAX_VALUE);

    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO);

    private final BigDecimal value;

    private Quantity(BigDecimal value) {
        this.value = value;
    }

    /** Parses a quantity; throws {@link IllegalArgumentException} naming the text when it is not one. */
    public static Quantity parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("quantity is missing");
        }
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes quantity");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            int exponent;
            try {
                exponent = Integer.parseInt(m.group(2).substring(1).replace("+", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has an exponent out of range");
            }
            if (Math.abs(exponent) > 100) {
                throw new IllegalArgumentException("'" + text + "' has an exponent out of range");
            }
            number = number.scaleByPowerOfTen(exponent);
        } else if (m.group(3) != null) {
            number = number.multiply(SUFFIXES.get(m.group(3)));
        }
        return new Quantity(number);
    }

    public static Quantity of(BigDecimal value) {
        return new Quantity(value);
    }

    public static Quantity of(long value) {
        return new Quantity(BigDecimal.valueOf(value));
    }

    /** A quantity of {@code milli} thousandths. */
    public static Quantity ofMilli(long milli) {
        return new Quantity(BigDecimal.valueOf(milli).movePointLeft(3));
    }

    public static Quantity mebibytes(long mib) {
        return new Quantity(BigDecimal.valueOf(mib).multiply(SUFFIXES.get("Mi")));
    }

    public BigDecimal value() {
        return value;
    }

    /** The value in thousandths, rounded up (as Kubernetes' MilliValue), saturating at Long.MAX_VALUE / MIN_VALUE. */
    public long milliValue() {
        BigDecimal milli = value.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        if (milli.compareTo(MAX_MILLI) > 0) {
            return Long.MAX_VALUE;
        }
        if (milli.compareTo(MAX_MILLI.negate()) < 0) {
            return Long.MIN_VALUE;
        }
        return milli.longValueExact();
    }

    /** The value rounded up to an integer (Kubernetes' Value). */
    public long ceilValue() {
        BigDecimal v = value.setScale(0, RoundingMode.CEILING);
        if (v.compareTo(MAX_MILLI) > 0) {
            return Long.MAX_VALUE;
        }
        return v.longValueExact();
    }

    public Quantity add(Quantity other) {
        return new Quantity(value.add(other.value));
    }

    public Quantity subtract(Quantity other) {
        return new Quantity(value.subtract(other.value));
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && value.compareTo(q.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }

    /** A canonical text: binary suffix when the value is a whole multiple of 1Ki (largest suffix), else decimal. */
    @Override
    public String toString() {
        return format(value, true);
    }

    /** Formats a value given in thousandths; {@code binary} prefers Ki/Mi/Gi suffixes (memory, storage). */
    public static String formatMilli(long milli, boolean binary) {
        return format(BigDecimal.valueOf(milli).movePointLeft(3), binary);
    }

    private static String format(BigDecimal v, boolean binary) {
        BigDecimal stripped = v.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            BigInteger whole = stripped.toBigIntegerExact();
            if (binary && whole.signum() != 0) {
                String[] names = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
                int[] shifts = {60, 50, 40, 30, 20, 10};
                for (int i = 0; i < names.length; i++) {
                    BigInteger unit = BigInteger.ONE.shiftLeft(shifts[i]);
                    BigInteger[] qr = whole.divideAndRemainder(unit);
                    if (qr[1].signum() == 0 && qr[0].signum() != 0) {
                        return qr[0] + names[i];
                    }
                }
            }
            return whole.toString();
        }
        BigDecimal milli = stripped.multiply(THOUSAND);
        if (milli.stripTrailingZeros().scale() <= 0) {
            return milli.toBigIntegerExact() + "m";
        }
        return stripped.toPlainString();
    }
}
