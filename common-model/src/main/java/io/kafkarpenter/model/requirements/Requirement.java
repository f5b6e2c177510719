package io.kafkarpenter.model.requirements;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One requirement on a label key, in Karpenter's representation: a value set that is either the allowed values
 * ({@code complement = false}) or the excluded values ({@code complement = true}), optional inclusive integer
 * bounds, and an optional {@code minValues}.
 *
 * <ul>
 *   <li>In v… = allowed {v…}; NotIn v… = excluded {v…}; Exists = excluded {}; DoesNotExist = allowed {}.</li>
 *   <li>Gt N = Exists with lower bound N+1; Lt N = Exists with upper bound N−1; Gte/Lte set the bounds directly.</li>
 *   <li>With bounds, a value must parse as an integer within them.</li>
 * </ul>
 * Instances are immutable.
 */
public final class Requirement {

    private final String key;
    private final boolean complement;
    private final Set<String> values;
    private final Long gte;
    private final Long lte;
    private final Integer minValues;
    private final String single;
    private int hash;

    private Requirement(String key, boolean complement, Set<String> values, Long gte, Long lte, Integer minValues) {
        this.key = key;
        this.complement = complement;
        this.values = values;
        this.gte = gte;
        this.lte = lte;
        this.minValues = minValues;
        this.single = !complement && values.size() == 1 ? values.iterator().next() : null;
    }

    public static Requirement of(String key, Operator op, String... values) {
        return of(key, op, List.of(values), null);
    }

    public static Requirement of(String key, Operator op, Collection<String> values) {
        return of(key, op, values, null);
    }

    /**
     * Builds a requirement from a node selector requirement. The key is normalized (legacy beta keys).
     * Throws IllegalArgumentException for In without values and for Gt/Lt/Gte/Lte without exactly one integer.
     */
    public static Requirement of(String key, Operator op, Collection<String> values, Integer minValues) {
        String k = Labels.normalize(Objects.requireNonNull(key, "key"));
        List<String> vals = values == null ? List.of() : List.copyOf(values);
        switch (op) {
            case In:
                if (vals.isEmpty()) {
                    throw new IllegalArgumentException("operator In needs at least one value for key " + k);
                }
                return new Requirement(k, false, Set.copyOf(vals), null, null, minValues);
            case NotIn:
                return new Requirement(k, true, Set.copyOf(vals), null, null, minValues);
            case Exists:
                return new Requirement(k, true, Set.of(), null, null, minValues);
            case DoesNotExist:
                return new Requirement(k, false, Set.of(), null, null, minValues);
            default:
                if (vals.size() != 1) {
                    throw new IllegalArgumentException("operator " + op + " needs exactly one integer value for key " + k);
                }
                long n;
                try {
                    n = Long.parseLong(vals.get(0).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("operator " + op + " needs an integer value for key " + k
                            + ", got '" + vals.get(0) + "'");
                }
                switch (op) {
                    case Gt:
                        if (n == Long.MAX_VALUE) {
                            return new Requirement(k, false, Set.of(), null, null, minValues);
                        }
                        return new Requirement(k, true, Set.of(), n + 1, null, minValues);
                    case Lt:
                        if (n == Long.MIN_VALUE) {
                            return new Requirement(k, false, Set.of(), null, null, minValues);
                        }
                        return new Requirement(k, true, Set.of(), null, n - 1, minValues);
                    case Gte:
                        return new Requirement(k, true, Set.of(), n, null, minValues);
                    default:
                        return new Requirement(k, true, Set.of(), null, n, minValues);
                }
        }
    }

    /** {@code key In [value]}. */
    public static Requirement in(String key, String value) {
        return new Requirement(Labels.normalize(key), false, Set.of(value), null, null, null);
    }

    public static Requirement exists(String key) {
        return new Requirement(Labels.normalize(key), true, Set.of(), null, null, null);
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Requirement> EXISTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code key Exists} for a key that is already normalized (shared instances). */
    static Requirement existsNormalized(String key) {
        Requirement r = EXISTS.get(key);
        if (r == null) {
            r = new Requirement(key, true, Set.of(), null, null, null);
            if (EXISTS.size() < 10_000) {
                EXISTS.put(key, r);
            }
        }
        return r;
    }

    public static Requirement doesNotExist(String key) {
        return new Requirement(Labels.normalize(key), false, Set.of(), null, null, null);
    }

    public String key() {
        return key;
    }

    public boolean complement() {
        return complement;
    }

    public Integer minValues() {
        return minValues;
    }

    public Long gte() {
        return gte;
    }

    public Long lte() {
        return lte;
    }

    /** The derived operator: In, NotIn, Exists or DoesNotExist (bounds show as Exists). */
    public Operator operator() {
        if (complement) {
            return values.isEmpty() ? Operator.Exists : Operator.NotIn;
        }
        return values.isEmpty() ? Operator.DoesNotExist : Operator.In;
    }

    /** The allowed values (In) or the excluded values (NotIn), sorted. */
    public List<String> values() {
        List<String> out = new ArrayList<>(values);
        Collections.sort(out);
        return out;
    }

    Set<String> rawValues() {
        return values;
    }

    /** Number of allowed values; Integer.MAX_VALUE for complement sets. */
    public int size() {
        return complement ? Integer.MAX_VALUE - values.size() : values.size();
    }

    public boolean isEmpty() {
        return !complement && values.isEmpty();
    }

    /** Whether a value satisfies this requirement. */
    public boolean has(String value) {
        if (complement) {
            return !values.contains(value) && withinBounds(value, gte, lte);
        }
        return values.contains(value) && withinBounds(value, gte, lte);
    }

    /** An allowed value (the smallest one for In; null for complement sets and DoesNotExist). */
    public String any() {
        if (complement || values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            return values.iterator().next();
        }
        return values().get(0);
    }

    /** The single allowed value, or null. */
    public String single() {
        return single;
    }

    public Requirement withMinValues(Integer min) {
        return new Requirement(key, complement, values, gte, lte, min);
    }

    /** Karpenter's Requirement.Intersection (AND of the two). */
    public Requirement intersection(Requirement o) {
        boolean comp = complement && o.complement;
        Long lo = maxNullable(gte, o.gte);
        Long hi = minNullable(lte, o.lte);
        Integer min = maxNullable(minValues, o.minValues);
        if (lo != null && hi != null && lo > hi) {
            return new Requirement(key, false, Set.of(), null, null, min);
        }
        Set<String> result;
        if (complement && o.complement) {
            if (values.isEmpty()) {
                result = o.values;
            } else if (o.values.isEmpty()) {
                result = values;
            } else {
                result = new HashSet<>(values);
                result.addAll(o.values);
            }
        } else if (complement) {
            result = difference(o.values, values);
        } else if (o.complement) {
            result = difference(values, o.values);
        } else {
            result = intersect(values, o.values);
        }
        if (lo != null || hi != null) {
            Set<String> bounded = new HashSet<>();
            for (String v : result) {
                if (withinBounds(v, lo, hi)) {
                    bounded.add(v);
                }
            }
            result = bounded;
        }
        if (!comp) {
            lo = null;
            hi = null;
        }
        return new Requirement(key, comp, result.isEmpty() ? Set.of() : result, lo, hi, min);
    }

    /** Karpenter's HasIntersection: whether some value satisfies both (without building the intersection). */
    public boolean intersects(Requirement o) {
        Long lo = maxNullable(gte, o.gte);
        Long hi = minNullable(lte, o.lte);
        if (lo != null && hi != null && lo > hi) {
            return false;
        }
        if (complement && o.complement) {
            return true;
        }
        if (complement) {
            for (String v : o.values) {
                if (!values.contains(v) && withinBounds(v, lo, hi)) {
                    return true;
                }
            }
            return false;
        }
        if (o.complement) {
            for (String v : values) {
                if (!o.values.contains(v) && withinBounds(v, lo, hi)) {
                    return true;
                }
            }
            return false;
        }
        Set<String> small = values.size() <= o.values.size() ? values : o.values;
        Set<String> large = small == values ? o.values : values;
        for (String v : small) {
            if (large.contains(v) && withinBounds(v, lo, hi)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the operator is NotIn or DoesNotExist ("negative" requirements always intersect each other). */
    public boolean isNegative() {
        Operator op = operator();
        return op == Operator.NotIn || op == Operator.DoesNotExist;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<String> out = new HashSet<>();
        for (String v : a) {
            if (!b.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        if (a.equals(b)) {
            return a;
        }
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        Set<String> out = new HashSet<>();
        for (String v : small) {
            if (large.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    static boolean withinBounds(String value, Long lo, Long hi) {
        if (lo == null && hi == null) {
            return true;
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return false;
        }
        return (lo == null || n >= lo) && (hi == null || n <= hi);
    }

    private static <T extends Comparable<T>> T maxNullable(T a, T b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Long minNullable(Long a, Long b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.min(a, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirement r && r.key.equals(key) && r.complement == complement
                && r.values.equals(values) && Objects.equals(r.gte, gte) && Objects.equals(r.lte, lte)
                && Objects.equals(r.minValues, minValues);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(key, complement, values, gte, lte, minValues);
            hash = h == 0 ? 1 : h;
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(key).append(' ');
        Operator op = operator();
        if (gte != null || lte != null) {
            sb.append(gte != null ? ">=" + gte : "").append(gte != null && lte != null ? " " : "")
                    .append(lte != null ? "<=" + lte : "");
            if (!values.isEmpty()) {
                sb.append(" NotIn ").append(values());
            }
            return sb.toString();
        }
        sb.append(op);
        if (op == Operator.In || op == Operator.NotIn) {
            List<String> v = values();
            sb.append(' ').append(v.size() > 5 ? v.subList(0, 5) + " and " + (v.size() - 5) + " others" : v);
        }
        return sb.toString();
    }
}
