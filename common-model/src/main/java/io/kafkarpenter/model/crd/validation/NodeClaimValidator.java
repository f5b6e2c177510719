package io.kafkarpenter.model.crd.validation;

import io.kafkarpenter.model.crd.KarpenterApi;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimSpec;
import java.util.List;

/**
 * Karpenter's admission rules for a {@code karpenter.sh/v1} NodeClaim: requirements, taints, nodeClassRef,
 * durations and resource requests. (NodeClaim labels are not checked: Karpenter itself sets restricted ones there.)
 */
public final class NodeClaimValidator {
    private NodeClaimValidator() {
    }

    /** Every rule {@code claim} breaks; empty when Karpenter would accept it. */
    public static List<Violation> validate(NodeClaim claim) {
        Violations out = new Violations(KarpenterApi.NODE_CLAIM_KIND, claim);
        if (claim.getMetadata() == null || claim.getMetadata().getName() == null || claim.getMetadata().getName().isEmpty()) {
            out.add("metadata.name", "required");
        }
        NodeClaimSpec spec = claim.getSpec();
        if (spec == null) {
            out.add("spec", "required");
            return out.list();
        }
        CommonRules.requirements(out, "spec.requirements", spec.getRequirements());
        CommonRules.taints(out, "spec", spec.getTaints(), spec.getStartupTaints());
        CommonRules.nodeClassRef(out, "spec.nodeClassRef", spec.getNodeClassRef());
        CommonRules.durationOrNever(out, "spec.expireAfter", spec.getExpireAfter());
        CommonRules.duration(out, "spec.terminationGracePeriod", spec.getTerminationGracePeriod());
        if (spec.getResources() != null) {
            CommonRules.quantities(out, "spec.resources.requests", spec.getResources().getRequests());
        }
        return out.list();
    }

    /** @throws InvalidResourceException listing every violation, if there is any */
    public static NodeClaim requireValid(NodeClaim claim) {
        List<Violation> violations = validate(claim);
        if (!violations.isEmpty()) {
            throw new InvalidResourceException(violations);
        }
        return claim;
    }
}
