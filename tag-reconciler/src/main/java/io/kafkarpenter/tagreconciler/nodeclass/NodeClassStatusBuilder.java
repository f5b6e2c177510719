package io.kafkarpenter.tagreconciler.nodeclass;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.EC2NodeClassStatus;

/**
 * The status an EC2NodeClass should have after a {@link Resolution} (karpenter-aws §4.5): the resolved lists, and the
 * conditions {@code SubnetsReady}, {@code SecurityGroupsReady}, {@code AMIsReady}, {@code InstanceProfileReady},
 * {@code ValidationSucceeded} and {@code Ready} (True when all the others are), each with {@code observedGeneration} =
 * {@code metadata.generation}. A False condition's message says which selector terms matched nothing and quotes the
 * discovery-tag conflicts when the class selects by the discovery tag. A condition keeps its
 * {@code lastTransitionTime} while its status does not change, so an unchanged class gets an equal status
 * ({@link #sameStatus}) and is not written again. Pure.
 */
public final class NodeClassStatusBuilder {

    public static final String UNHEALTHY_DEPENDENTS = "UnhealthyDependents";
    public static final String VALIDATION_FAILED = "ValidationFailed";

    private static final JsonMapper CANONICAL = JsonMapper.builder()
        .serializationInclusion(JsonInclude.Include.NON_EMPTY)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true).build();

    private NodeClassStatusBuilder() {
    }

    public static EC2NodeClassStatus build(EC2NodeClass c, Resolution r, Instant now) {
        Long generation = c.getMetadata().getGeneration();
        List<Condition> previous = c.getStatus() == null || c.getStatus().getConditions() == null ? List.of()
            : c.getStatus().getConditions();
        List<Condition> conditions = new ArrayList<>();

        conditions.add(r.subnets().items().isEmpty()
            ? cond(EC2NodeClassConditions.SUBNETS_READY, false, EC2NodeClassConditions.SUBNETS_NOT_FOUND,
                notFound("subnet", r.subnets().emptyTerms(), conflicts(r, "subnet-")))
            : cond(EC2NodeClassConditions.SUBNETS_READY, true, null, conflictNote(conflicts(r, "subnet-"))));
        conditions.add(r.securityGroups().items().isEmpty()
            ? cond(EC2NodeClassConditions.SECURITY_GROUPS_READY, false, EC2NodeClassConditions.SECURITY_GROUPS_NOT_FOUND,
                notFound("security group", r.securityGroups().emptyTerms(), conflicts(r, "sg-")))
            : cond(EC2NodeClassConditions.SECURITY_GROUPS_READY, true, null, conflictNote(conflicts(r, "sg-"))));
        conditions.add(r.amis().isEmpty()
            ? cond(EC2NodeClassConditions.AMIS_READY, false, EC2NodeClassConditions.AMI_NOT_FOUND,
                r.amiProblem() != null ? r.amiProblem() : notFound("AMI", r.amiTerms(), List.of()))
            : cond(EC2NodeClassConditions.AMIS_READY, true, null, ""));
        conditions.add(r.instanceProfile() == null
            ? cond(EC2NodeClassConditions.INSTANCE_PROFILE_READY, false, r.profileReason(), r.profileMessage())
            : cond(EC2NodeClassConditions.INSTANCE_PROFILE_READY, true, null, ""));
        conditions.add(r.violations().isEmpty()
            ? cond(EC2NodeClassConditions.VALIDATION_SUCCEEDED, true, null, "")
            : cond(EC2NodeClassConditions.VALIDATION_SUCCEEDED, false, VALIDATION_FAILED,
                String.join("; ", r.violations())));

        List<String> unhealthy = conditions.stream().filter(x -> !"True".equals(x.getStatus()))
            .map(x -> x.getType() + "=False (" + x.getReason() + "): " + x.getMessage()).toList();
        conditions.add(unhealthy.isEmpty()
            ? cond(EC2NodeClassConditions.READY, true, null, "")
            : cond(EC2NodeClassConditions.READY, false, UNHEALTHY_DEPENDENTS, String.join("; ", unhealthy)));

        for (Condition x : conditions) {
            x.setObservedGeneration(generation);
            Condition before = previous.stream().filter(p -> x.getType().equals(p.getType())).findFirst().orElse(null);
            x.setLastTransitionTime(before != null && Objects.equals(before.getStatus(), x.getStatus())
                && before.getLastTransitionTime() != null ? before.getLastTransitionTime()
                : now.truncatedTo(ChronoUnit.SECONDS).toString());
        }

        EC2NodeClassStatus status = new EC2NodeClassStatus();
        status.setSubnets(r.subnets().items());
        status.setSecurityGroups(r.securityGroups().items());
        status.setAmis(r.amis());
        status.setInstanceProfile(r.instanceProfile());
        status.setCapacityReservations(c.getStatus() == null ? null : c.getStatus().getCapacityReservations());
        status.setConditions(conditions);
        return status;
    }

    /** Equal as JSON (empty lists and nulls alike), whatever the object identities. */
    public static boolean sameStatus(EC2NodeClassStatus a, EC2NodeClassStatus b) {
        return CANONICAL.valueToTree(a == null ? new EC2NodeClassStatus() : a)
            .equals(CANONICAL.valueToTree(b == null ? new EC2NodeClassStatus() : b));
    }

    private static List<String> conflicts(Resolution r, String idPrefix) {
        if (!r.selectsByDiscovery() || r.discoveryConflicts() == null) {
            return List.of();
        }
        return r.discoveryConflicts().stream().filter(x -> x.contains(idPrefix)).toList();
    }

    private static String notFound(String what, List<String> emptyTerms, List<String> conflicts) {
        StringBuilder b = new StringBuilder("no ").append(what).append(" matched ");
        b.append(emptyTerms.isEmpty() ? "the selector terms" : String.join(" or ", emptyTerms));
        if (!conflicts.isEmpty()) {
            b.append("; discovery tag conflicts (left unchanged): ").append(String.join("; ", conflicts));
        }
        return b.toString();
    }

    private static String conflictNote(List<String> conflicts) {
        return conflicts.isEmpty() ? "" : "discovery tag conflicts (left unchanged): " + String.join("; ", conflicts);
    }

    private static Condition cond(String type, boolean ok, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(ok ? "True" : "False")
            .withReason(ok ? type : reason).withMessage(message == null ? "" : message).build();
    }
}
