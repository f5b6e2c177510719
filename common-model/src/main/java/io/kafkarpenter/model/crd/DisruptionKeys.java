package io.kafkarpenter.model.crd;

/**
 * The finalizer, taint, labels and annotations of disruption and termination, shared by the launcher (which writes
 * and acts on them) and the consolidator (which reads them to know what is already being disrupted).
 */
public final class DisruptionKeys {

    /** Finalizer the launcher puts on the NodeClaims and Nodes it creates (karpenter-core §4.5, §5.13). */
    public static final String TERMINATION_FINALIZER = "karpenter.sh/termination";
    /** Taint ({@code NoSchedule}) on a node being disrupted: nothing new lands there. */
    public static final String DISRUPTED_TAINT = "karpenter.sh/disrupted";
    /** Pod or node annotation: {@code "true"} (or, on a pod, a duration from its start) blocks voluntary disruption. */
    public static final String DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";
    /** NodeClaim annotation: when its termination grace period runs out (deletion + terminationGracePeriod). */
    public static final String TERMINATION_TIMESTAMP = "karpenter.sh/nodeclaim-termination-timestamp";
    /** Node label while it drains, as Karpenter sets it. */
    public static final String EXCLUDE_FROM_LOAD_BALANCERS = "node.kubernetes.io/exclude-from-external-load-balancers";

    /** NodeClaim annotations the launcher records when it accepts a termination request ({@code kk.nodes.terminate}). */
    public static final String TERMINATION_PREFIX = "kafkarpenter.io/termination";
    public static final String TERMINATION_REASON = TERMINATION_PREFIX + "-reason";
    public static final String TERMINATION_MESSAGE = TERMINATION_PREFIX + "-message";
    public static final String TERMINATION_DECISION = TERMINATION_PREFIX + "-decision";
    public static final String TERMINATION_REPLACEMENTS = TERMINATION_PREFIX + "-replacements";
    public static final String TERMINATION_NODE = TERMINATION_PREFIX + "-node";
    /** When the launcher accepted the request (the replacement wait times out from here). */
    public static final String TERMINATION_ACCEPTED_AT = TERMINATION_PREFIX + "-accepted-at";

    /** NodeClaim annotation: the launch decision a NodeClaim came from. */
    public static final String DECISION_ANNOTATION = "kafkarpenter.io/decision-id";

    private DisruptionKeys() {
    }
}
