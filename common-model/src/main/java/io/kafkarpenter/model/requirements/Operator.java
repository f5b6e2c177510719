package io.kafkarpenter.model.requirements;

/** Node selector operators; Gte and Lte are Karpenter's own (NodePool / NodeClaim requirements only). */
public enum Operator {
    In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte, Lte;

    /** Parses an operator name exactly as Kubernetes spells it; throws IllegalArgumentException otherwise. */
    public static Operator parse(String name) {
        for (Operator o : values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown operator '" + name
                + "' (allowed: In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte, Lte)");
    }
}
