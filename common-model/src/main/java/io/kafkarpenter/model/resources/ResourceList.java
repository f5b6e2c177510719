package io.kafkarpenter.model.resources;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable list of resource amounts (requests, allocatable, capacity, limits) in thousandths of a unit.
 *
 * <p>cpu, memory, ephemeral-storage and pods have fixed slots so that the scheduler's fit checks are a few long
 * comparisons; other (extended) resources are kept in a small sorted array. A resource that is absent has amount 0.
 * Arithmetic saturates instead of overflowing: amounts beyond the range (limits like 10,000,000Gi of memory) are
 * infinite.
 */
public final class ResourceList {

    public static final ResourceList EMPTY = new ResourceList(0, 0, 0, 0, new String[0], new long[0], 0);

    private static final int HAS_CPU = 1;
    private static final int HAS_MEMORY = 2;
    private static final int HAS_EPHEMERAL = 4;
    private static final int HAS_PODS = 8;

    private final long cpu;
    private final long memory;
    private final long ephemeral;
    private final long pods;
    private final String[] extNames;
    private final long[] extValues;
    /** Which well-known slots were given explicitly (so that "absent" and "0" print differently). */
    private final int present;

    private ResourceList(long cpu, long memory, long ephemeral, long pods, String[] extNames, long[] extValues,
            int present) {
        this.cpu = cpu;
        this.memory = memory;
        this.ephemeral = ephemeral;
        this.pods = pods;
        this.extNames = extNames;
        this.extValues = extValues;
        this.present = present;
    }

    /** Builds a list from amounts in thousandths. */
    public static ResourceList ofMilli(Map<String, Long> milli) {
        Builder b = builder();
        milli.forEach(b::setMilli);
        return b.build();
    }

    /** Builds a list from quantities. */
    public static ResourceList of(Map<String, Quantity> quantities) {
        Builder b = builder();
        quantities.forEach((k, v) -> b.setMilli(k, v.milliValue()));
        return b.build();
    }

    /** Parses {name: quantity text}; throws IllegalArgumentException naming the resource on a bad quantity. */
    public static ResourceList parse(Map<String, String> text) {
        Builder b = builder();
        text.forEach((k, v) -> {
            try {
                b.setMilli(k, Quantity.parse(v).milliValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(k + ": " + e.getMessage(), e);
            }
        });
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public long cpuMilli() {
        return cpu;
    }

    public long memoryMilli() {
        return memory;
    }

    public long podsMilli() {
        return pods;
    }

    public long ephemeralStorageMilli() {
        return ephemeral;
    }

    /** Whether resources other than cpu, memory, ephemeral-storage and pods are present. */
    public boolean hasExtended() {
        return extNames.length > 0;
    }

    /** The amount of a resource in thousandths (0 when absent). */
    public long milli(String name) {
        switch (name) {
            case ResourceNames.CPU:
                return cpu;
            case ResourceNames.MEMORY:
                return memory;
            case ResourceNames.EPHEMERAL_STORAGE:
                return ephemeral;
            case ResourceNames.PODS:
                return pods;
            default:
                int i = Arrays.binarySearch(extNames, name);
                return i >= 0 ? extValues[i] : 0;
        }
    }

    public boolean has(String name) {
        switch (name) {
            case ResourceNames.CPU:
                return (present & HAS_CPU) != 0;
            case ResourceNames.MEMORY:
                return (present & HAS_MEMORY) != 0;
            case ResourceNames.EPHEMERAL_STORAGE:
                return (present & HAS_EPHEMERAL) != 0;
            case ResourceNames.PODS:
                return (present & HAS_PODS) != 0;
            default:
                return Arrays.binarySearch(extNames, name) >= 0;
        }
    }

    public Quantity get(String name) {
        return Quantity.ofMilli(milli(name));
    }

    public boolean isEmpty() {
        return present == 0 && extNames.length == 0;
    }

    /** The resource names present, well-known first. */
    public Map<String, Long> asMilliMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        if ((present & HAS_CPU) != 0) {
            out.put(ResourceNames.CPU, cpu);
        }
        if ((present & HAS_MEMORY) != 0) {
            out.put(ResourceNames.MEMORY, memory);
        }
        if ((present & HAS_EPHEMERAL) != 0) {
            out.put(ResourceNames.EPHEMERAL_STORAGE, ephemeral);
        }
        if ((present & HAS_PODS) != 0) {
            out.put(ResourceNames.PODS, pods);
        }
        for (int i = 0; i < extNames.length; i++) {
            out.put(extNames[i], extValues[i]);
        }
        return out;
    }

    /** {name: canonical quantity text}, e.g. {"cpu": "1930m", "memory": "6903Mi", "pods": "29"}. */
    public Map<String, String> format() {
        Map<String, String> out = new LinkedHashMap<>();
        asMilliMap().forEach((k, v) -> out.put(k, Quantity.formatMilli(v, ResourceNames.isBytes(k))));
        return out;
    }

    public ResourceList plus(ResourceList o) {
        return combine(o, Op.ADD);
    }

    public ResourceList minus(ResourceList o) {
        return combine(o, Op.SUB);
    }

    /** Per-resource maximum. */
    public ResourceList max(ResourceList o) {
        return combine(o, Op.MAX);
    }

    /** Per-resource minimum; a resource only one side has is absent from the result (the other has none of it). */
    public ResourceList min(ResourceList o) {
        Map<String, Long> other = o.asMilliMap();
        Builder b = builder();
        asMilliMap().forEach((k, v) -> {
            Long w = other.get(k);
            if (w != null) {
                b.setMilli(k, Math.min(v, w));
            }
        });
        return b.build();
    }

    /** Component-wise maximum of {@code lists[i]} for every i in {@code indexes} (EMPTY when none). */
    public static ResourceList maxOf(ResourceList[] lists, int[] indexes) {
        if (indexes.length == 0) {
            return EMPTY;
        }
        long c = Long.MIN_VALUE;
        long m = Long.MIN_VALUE;
        long e = Long.MIN_VALUE;
        long p = Long.MIN_VALUE;
        int pres = 0;
        boolean ext = false;
        for (int i : indexes) {
            ResourceList r = lists[i];
            c = Math.max(c, r.cpu);
            m = Math.max(m, r.memory);
            e = Math.max(e, r.ephemeral);
            p = Math.max(p, r.pods);
            pres |= r.present;
            ext |= r.extNames.length > 0;
        }
        if (!ext) {
            return new ResourceList(c, m, e, p, new String[0], new long[0], pres);
        }
        String[] names = sharedExtendedNames(lists, indexes);
        if (names != null) { // one array of maxima (a claim's options are mostly of one shape)
            long[] values = new long[names.length];
            for (int i : indexes) {
                ResourceList r = lists[i];
                for (int k = 0; k < r.extValues.length; k++) {
                    values[k] = Math.max(values[k], r.extValues[k]);
                }
            }
            return new ResourceList(c, m, e, p, names, values, pres);
        }
        ResourceList out = new ResourceList(c, m, e, p, new String[0], new long[0], pres);
        for (int i : indexes) {
            if (lists[i].extNames.length > 0) {
                out = out.max(lists[i]);
            }
        }
        return out;
    }

    /** The extended-resource names of every list that has some, when they are all the same; else null. */
    private static String[] sharedExtendedNames(ResourceList[] lists, int[] indexes) {
        String[] names = null;
        for (int i : indexes) {
            String[] n = lists[i].extNames;
            if (n.length == 0) {
                continue;
            }
            if (names == null) {
                names = n;
            } else if (!Arrays.equals(names, n)) {
                return null;
            }
        }
        return names;
    }

    /** Every negative amount raised to 0. */
    public ResourceList floorAtZero() {
        Builder b = builder();
        asMilliMap().forEach((k, v) -> b.setMilli(k, Math.max(0, v)));
        return b.build();
    }

    /**
     * Whether these requests fit in {@code available}: every requested amount &gt; 0 is at most the available
     * amount (an absent resource is available at 0), as Karpenter's {@code resources.Fits}.
     */
    public boolean fitsIn(ResourceList available) {
        if (cpu > available.cpu || memory > available.memory || ephemeral > available.ephemeral
                || pods > available.pods) {
            return false;
        }
        for (int i = 0; i < extNames.length; i++) {
            if (extValues[i] > 0 && extValues[i] > available.milli(extNames[i])) {
                return false;
            }
        }
        return true;
    }

    /** Resources whose request exceeds what is available, e.g. "cpu" — for explanations. */
    public java.util.List<String> exceeding(ResourceList available) {
        java.util.List<String> out = new java.util.ArrayList<>();
        asMilliMap().forEach((k, v) -> {
            if (v > 0 && v > available.milli(k)) {
                out.add(k);
            }
        });
        return out;
    }

    /** Whether any resource of {@code limits} (only those present in it) is exceeded by this list. */
    public boolean anyExceeds(ResourceList limits) {
        for (Map.Entry<String, Long> e : limits.asMilliMap().entrySet()) {
            if (milli(e.getKey()) > e.getValue()) {
                return true;
            }
        }
        return false;
    }

    private enum Op { ADD, SUB, MAX }

    private ResourceList combine(ResourceList o, Op op) {
        if (o.isEmpty() && op != Op.MAX) {
            return this;
        }
        int mergedPresent = present | o.present;
        long c = apply(cpu, o.cpu, op);
        long m = apply(memory, o.memory, op);
        long e = apply(ephemeral, o.ephemeral, op);
        long p = apply(pods, o.pods, op);
        if (extNames.length == 0 && o.extNames.length == 0) {
            return new ResourceList(c, m, e, p, extNames, extValues, mergedPresent);
        }
        if (Arrays.equals(extNames, o.extNames)) { // the usual case: instance types of one family, pods alike
            long[] values = new long[extNames.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = apply(extValues[i], o.extValues[i], op);
            }
            return new ResourceList(c, m, e, p, extNames, values, mergedPresent);
        }
        return mergeExtended(o, op, c, m, e, p, mergedPresent);
    }

    /**
     * Both lists' extended resources merged in one pass over their sorted names (the scheduler combines lists in its
     * inner loops; a map per call was most of its time): a name only this list has keeps its amount, a name only
     * the other has is {@code op(0, theirs)}, a name both have {@code op(mine, theirs)}.
     */
    private ResourceList mergeExtended(ResourceList o, Op op, long c, long m, long e, long p, int mergedPresent) {
        String[] names = new String[extNames.length + o.extNames.length];
        long[] values = new long[names.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < extNames.length || j < o.extNames.length) {
            int cmp = i == extNames.length ? 1 : j == o.extNames.length ? -1 : extNames[i].compareTo(o.extNames[j]);
            if (cmp < 0) {
                names[n] = extNames[i];
                values[n++] = extValues[i++];
            } else if (cmp > 0) {
                names[n] = o.extNames[j];
                values[n++] = apply(0, o.extValues[j++], op);
            } else {
                names[n] = extNames[i];
                values[n++] = apply(extValues[i++], o.extValues[j++], op);
            }
        }
        return new ResourceList(c, m, e, p, n == names.length ? names : Arrays.copyOf(names, n),
            n == values.length ? values : Arrays.copyOf(values, n), mergedPresent);
    }

    private static long apply(long a, long b, Op op) {
        switch (op) {
            case ADD:
                return saturatedAdd(a, b);
            case SUB:
                return saturatedAdd(a, b == Long.MIN_VALUE ? Long.MAX_VALUE : -b);
            default:
                return Math.max(a, b);
        }
    }

    /** a − b with the saturation rules of {@link #saturatedAdd}. */
    public static long subtractSaturated(long a, long b) {
        return saturatedAdd(a, b == Long.MIN_VALUE ? Long.MAX_VALUE : -b);
    }

    /**
     * a + b, saturating; an amount that already saturated (beyond ±9.2e18 thousandths, e.g. a limit of 10,000,000Gi
     * of memory) stays infinite: subtracting real capacities from it never makes it finite.
     */
    static long saturatedAdd(long a, long b) {
        if (a == Long.MAX_VALUE || a == Long.MIN_VALUE) {
            return a;
        }
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceList r && asMilliMap().equals(r.asMilliMap());
    }

    @Override
    public int hashCode() {
        return asMilliMap().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        format().forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }

    /** Mutable builder. */
    public static final class Builder {
        private long cpu;
        private long memory;
        private long ephemeral;
        private long pods;
        private int present;
        private final TreeMap<String, Long> ext = new TreeMap<>();

        public Builder setMilli(String name, long milli) {
            switch (name) {
                case ResourceNames.CPU:
                    cpu = milli;
                    present |= HAS_CPU;
                    break;
                case ResourceNames.MEMORY:
                    memory = milli;
                    present |= HAS_MEMORY;
                    break;
                case ResourceNames.EPHEMERAL_STORAGE:
                    ephemeral = milli;
                    present |= HAS_EPHEMERAL;
                    break;
                case ResourceNames.PODS:
                    pods = milli;
                    present |= HAS_PODS;
                    break;
                default:
                    ext.put(name, milli);
            }
            return this;
        }

        public Builder set(String name, Quantity q) {
            return setMilli(name, q.milliValue());
        }

        /** Sets a whole-unit amount (e.g. pods = 29, cpu = 2). */
        public Builder setUnits(String name, long units) {
            return setMilli(name, saturatedMultiply(units, 1000));
        }

        public ResourceList build() {
            String[] names = new String[ext.size()];
            long[] values = new long[ext.size()];
            int i = 0;
            for (Map.Entry<String, Long> e : ext.entrySet()) {
                names[i] = e.getKey();
                values[i++] = e.getValue();
            }
            return new ResourceList(cpu, memory, ephemeral, pods, names, values, present);
        }
    }

    static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
