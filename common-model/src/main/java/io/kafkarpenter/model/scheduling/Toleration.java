package io.kafkarpenter.model.scheduling;

import java.util.List;

/** A pod toleration with Kubernetes' matching rules. */
public record Toleration(String key, String operator, String value, String effect) {

    public Toleration {
        key = key == null ? "" : key;
        operator = operator == null || operator.isEmpty() ? "Equal" : operator;
        value = value == null ? "" : value;
        effect = effect == null ? "" : effect;
    }

    public static Toleration exists(String key, String effect) {
        return new Toleration(key, "Exists", "", effect);
    }

    /** Kubernetes' ToleratesTaint: effect matches (or empty), key matches (or empty with Exists), value for Equal. */
    public boolean tolerates(Taint taint) {
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        if ("Exists".equals(operator)) {
            return true;
        }
        return key.equals(taint.key()) && value.equals(taint.value());
    }

    /** The first taint none of the tolerations tolerates (every effect counts, as in Karpenter), or null. */
    public static Taint firstUntolerated(List<Taint> taints, List<Toleration> tolerations) {
        for (Taint t : taints) {
            boolean ok = false;
            for (Toleration tol : tolerations) {
                if (tol.tolerates(t)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return t;
            }
        }
        return null;
    }
}
