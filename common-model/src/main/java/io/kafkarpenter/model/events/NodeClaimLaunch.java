package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.pods.Fields;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.pods.TaintSpec;
import io.kafkarpenter.model.reasons.Reason;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Payload of {@link Topics#NODECLAIMS_LAUNCH}: one NodeClaim to create, as decided by the provisioner (or by
 * the consolidator, for a replacement). The launcher creates the NodeClaim object and the instance from it alone.
 *
 * @param decisionId             the decision this NodeClaim belongs to (required)
 * @param nodeClaimName          deterministic name, see {@link #deriveName}; also the CreateFleet ClientToken (required)
 * @param nodePool               NodePool name (required; the record key)
 * @param nodeClassRef           the NodePool template's nodeClassRef (required)
 * @param instanceTypes          options, <b>cheapest first</b> (by cheapest available offering), each with its offerings
 * @param requirements           the NodeClaim's requirements (incl. {@code node.kubernetes.io/instance-type In [...]})
 * @param labels                 labels for the NodeClaim/node (template labels and concrete custom requirement values)
 * @param annotations            NodeClaim annotations (e.g. {@code karpenter.sh/nodepool-hash})
 * @param taints                 taints of the template
 * @param startupTaints          startup taints of the template
 * @param resourceRequests       summed requests of the pods plus daemon overhead, Kubernetes quantity strings
 * @param expireAfter            template expireAfter ({@code 720h} default, {@code Never}); null = NodePool default
 * @param terminationGracePeriod template terminationGracePeriod, null when unset
 * @param pods                   the pods this NodeClaim is for
 * @param reason                 why: {@link Reason#SCHEDULED_NEW_NODECLAIM} for pending pods, or the disruption reason
 *                               ({@link Reason#DRIFTED}, {@link Reason#UNDERUTILIZED}, ...) for a replacement (required)
 * @param createdAt              when the decision was made (required)
 * @param expiresAt              when the decision expires (not before {@code createdAt}; absent in a record of an
 *                               older producer: {@code createdAt} + {@link #DEFAULT_TTL}): the launcher never
 *                               acts on it later (unless its NodeClaim already exists: then it was taken up in
 *                               time), and its producer counts it as in-flight capacity until then or until the
 *                               launcher answers — one lifetime shared by both sides (provisioner DESIGN.md)
 */
public record NodeClaimLaunch(
        String decisionId,
        String nodeClaimName,
        String nodePool,
        NodeClassRef nodeClassRef,
        List<InstanceTypeOption> instanceTypes,
        List<NodeClaimRequirement> requirements,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<TaintSpec> taints,
        List<TaintSpec> startupTaints,
        Map<String, String> resourceRequests,
        String expireAfter,
        String terminationGracePeriod,
        List<PodRef> pods,
        Reason reason,
        Instant createdAt,
        Instant expiresAt) {

    public static final String SCHEMA = "kk.nodeclaim-launch/v1";

    /** The lifetime of a launch decision whose record does not say (the provisioner's default launch TTL). */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    public NodeClaimLaunch {
        Fields.requiredText(decisionId, "decisionId");
        Fields.requiredText(nodeClaimName, "nodeClaimName");
        Fields.requiredText(nodePool, "nodePool");
        Fields.required(nodeClassRef, "nodeClassRef");
        instanceTypes = Fields.list(instanceTypes);
        requirements = Fields.list(requirements);
        labels = Fields.map(labels);
        annotations = Fields.map(annotations);
        taints = Fields.list(taints);
        startupTaints = Fields.list(startupTaints);
        resourceRequests = Fields.map(resourceRequests);
        pods = Fields.list(pods);
        Fields.required(reason, "reason");
        Fields.required(createdAt, "createdAt");
        if (expiresAt == null) {
            expiresAt = createdAt.plus(DEFAULT_TTL);
        }
        if (expiresAt.isBefore(createdAt)) {
            throw new FieldException("expiresAt", "is before 'createdAt' (" + createdAt + "):");
        }
    }

    /** True when the decision's lifetime is over at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The record key on {@link Topics#NODECLAIMS_LAUNCH}. */
    public String key() {
        return nodePool;
    }

    /**
     * The deterministic NodeClaim name of the {@code index}-th NodeClaim of a decision:
     * {@code <nodePool>-<10 lowercase base-32 chars of sha256(decisionId/index)>}, e.g. {@code default-k3j9x0a2mq}.
     * A redelivered decision yields the same names, so the launcher never launches twice.
     */
    public static String deriveName(String nodePool, String decisionId, int index) {
        Fields.requiredText(nodePool, "nodePool");
        Fields.requiredText(decisionId, "decisionId");
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((decisionId + "/" + index).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        String alphabet = "0123456789abcdefghijklmnopqrstuv";
        StringBuilder suffix = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            suffix.append(alphabet.charAt((digest[i] & 0xff) % 32));
        }
        return nodePool + "-" + suffix;
    }
}
