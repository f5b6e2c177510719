package io.kafkarpenter.model.requirements;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set of requirements, one per key, ANDed together (Karpenter's {@code scheduling.Requirements}).
 *
 * <p>Mutable: {@link #add} narrows the requirement of a key by intersection. Use {@link #copy()} before narrowing
 * a shared instance.
 */
public final class Requirements {

    private final HashMap<String, Requirement> byKey;

    public Requirements() {
        this.byKey = new HashMap<>();
    }

    private Requirements(HashMap<String, Requirement> byKey) {
        this.byKey = byKey;
    }

    public static Requirements of(Requirement... requirements) {
        Requirements r = new Requirements();
        for (Requirement req : requirements) {
            r.add(req);
        }
        return r;
    }

    public static Requirements of(Collection<Requirement> requirements) {
        Requirements r = new Requirements();
        requirements.forEach(r::add);
        return r;
    }

    /** Requirements {@code key In [value]} for every label. */
    public static Requirements fromLabels(Map<String, String> labels) {
        Requirements r = new Requirements();
        labels.forEach((k, v) -> r.add(Requirement.in(k, v)));
        return r;
    }

    public Requirements copy() {
        return new Requirements(new HashMap<>(byKey));
    }

    /** ANDs a requirement in (intersection with the existing one of the same key). */
    public Requirements add(Requirement req) {
        Requirement existing = byKey.get(req.key());
        byKey.put(req.key(), existing == null ? req : existing.intersection(req));
        return this;
    }

    public Requirements addAll(Requirements other) {
        for (Requirement r : other.byKey.values()) {
            add(r);
        }
        return this;
    }

    /** Replaces the requirement of a key (no intersection). */
    public Requirements put(Requirement req) {
        byKey.put(req.key(), req);
        return this;
    }

    public Requirements remove(String key) {
        byKey.remove(key);
        return this;
    }

    public boolean has(String key) {
        return byKey.containsKey(key);
    }

    /** The requirement of a key; Exists when the key is not constrained. */
    public Requirement get(String key) {
        Requirement r = byKey.get(key);
        return r != null ? r : Requirement.existsNormalized(key);
    }

    /** The requirement of a key or null. */
    public Requirement find(String key) {
        return byKey.get(key);
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(byKey.keySet());
    }

    public Collection<Requirement> all() {
        return Collections.unmodifiableCollection(byKey.values());
    }

    public int size() {
        return byKey.size();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /**
     * Karpenter's Intersects: for every key both sides constrain, some value satisfies both, except that two
     * negative requirements (NotIn / DoesNotExist) are always compatible. Returns null when compatible, else why not.
     */
    public String intersectsError(Requirements incoming) {
        Map<String, Requirement> small = byKey.size() <= incoming.byKey.size() ? byKey : incoming.byKey;
        Map<String, Requirement> large = small == byKey ? incoming.byKey : byKey;
        for (Map.Entry<String, Requirement> e : small.entrySet()) {
            Requirement other = large.get(e.getKey());
            if (other == null) {
                continue;
            }
            Requirement existing = small == byKey ? e.getValue() : other;
            Requirement in = small == byKey ? other : e.getValue();
            if (!existing.intersects(in)) {
                if (in.isNegative() && existing.isNegative()) {
                    continue;
                }
                return "key " + e.getKey() + ": " + in + " not in " + existing;
            }
        }
        return null;
    }

    public boolean intersects(Requirements incoming) {
        Map<String, Requirement> small = byKey.size() <= incoming.byKey.size() ? byKey : incoming.byKey;
        Map<String, Requirement> large = small == byKey ? incoming.byKey : byKey;
        for (Map.Entry<String, Requirement> e : small.entrySet()) {
            Requirement other = large.get(e.getKey());
            if (other != null && !e.getValue().intersects(other) && !(e.getValue().isNegative() && other.isNegative())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Karpenter's Compatible: {@link #intersects} plus every incoming key that is not allowed undefined must be
     * defined here, unless the incoming operator is NotIn or DoesNotExist. Returns null when compatible.
     */
    public String compatibleError(Requirements incoming, Set<String> allowedUndefined) {
        for (Requirement r : incoming.byKey.values()) {
            if (byKey.containsKey(r.key()) || allowedUndefined.contains(r.key()) || r.isNegative()) {
                continue;
            }
            return "label \"" + r.key() + "\" does not have known values";
        }
        return intersectsError(incoming);
    }

    public boolean compatible(Requirements incoming, Set<String> allowedUndefined) {
        for (Requirement r : incoming.byKey.values()) {
            if (!byKey.containsKey(r.key()) && !allowedUndefined.contains(r.key()) && !r.isNegative()) {
                return false;
            }
        }
        return intersects(incoming);
    }

    /** The requirements of the given keys only (a cache key for per-instance-type results). */
    public Requirements restrictedTo(Set<String> keys) {
        HashMap<String, Requirement> out = new HashMap<>();
        for (Map.Entry<String, Requirement> e : byKey.entrySet()) {
            if (keys.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return new Requirements(out);
    }

    /** Whether a set of labels satisfies every requirement (a missing label satisfies only negative ones). */
    public boolean matchesLabels(Map<String, String> labels) {
        for (Requirement r : byKey.values()) {
            String v = labels.get(r.key());
            if (v == null) {
                if (!(r.operator() == Operator.DoesNotExist || r.operator() == Operator.NotIn)) {
                    return false;
                }
            } else if (!r.has(v)) {
                return false;
            }
        }
        return true;
    }

    /** Labels for every key with exactly one allowed value. */
    public Map<String, String> singleValueLabels() {
        Map<String, String> out = new TreeMap<>();
        for (Requirement r : byKey.values()) {
            String v = r.single();
            if (v != null) {
                out.put(r.key(), v);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirements r && r.byKey.equals(byKey);
    }

    @Override
    public int hashCode() {
        return byKey.hashCode();
    }

    @Override
    public String toString() {
        List<String> keys = new ArrayList<>(byKey.keySet());
        Collections.sort(keys);
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(byKey.get(k));
        }
        return sb.toString();
    }
}
