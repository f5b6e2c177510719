package io.kafkarpenter.model.pods;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable, insertion-ordered map of a few entries in one array: what {@link Fields#map} returns for up to
 * {@link #MAX} entries. A copied {@code LinkedHashMap} behind {@code unmodifiableMap} costs ~250 bytes for one label
 * (map, 16-slot table, entry, wrapper, entry-set views); this costs ~50. The provisioner holds 20,000 pending pods
 * with three or four such maps each (labels, requests, selectors): ~12 MB less of its 128 MiB heap (docs/benchmarks.md,
 * "Scale benchmark"). Lookups scan the keys, which for this many is as fast as hashing.
 */
final class SmallMap<V> extends AbstractMap<String, V> {

    /** Larger maps stay {@code LinkedHashMap}s. */
    static final int MAX = 8;

    /** Keys at even indexes, their values after them. */
    private final Object[] entries;

    /** {@code keysAndValues}: key, value, key, value, ... (no nulls, no duplicate keys; not copied). */
    SmallMap(Object[] keysAndValues) {
        this.entries = keysAndValues;
    }

    @Override
    public int size() {
        return entries.length / 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) entries[i + 1];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < entries.length; i += 2) {
            if (entries[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return entries.length / 2;
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < entries.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, V> next() {
                        if (next >= entries.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, V> e = new SimpleImmutableEntry<>((String) entries[next], (V) entries[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }
        };
    }

    /** The non-null entries of {@code values} (at most {@link #MAX}), in their order. */
    static <V> Map<String, V> copyOf(Map<String, V> values) {
        Object[] out = new Object[values.size() * 2];
        int n = 0;
        for (Map.Entry<String, V> e : values.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                out[n++] = e.getKey();
                out[n++] = e.getValue();
            }
        }
        if (n == 0) {
            return Map.of();
        }
        return new SmallMap<>(n == out.length ? out : java.util.Arrays.copyOf(out, n));
    }
}
