package io.kafkarpenter.model.inputs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.kafkarpenter.model.crd.AmiStatus;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;

/**
 * The AMIs of an EC2NodeClass as its status lists them ({@code status.amis}, written by the tag-reconciler, newest
 * first), each with the requirements an instance type must meet to use it (karpenter-aws §4.4: {@code kubernetes.io/arch},
 * {@code instance-gpu-count} / {@code instance-accelerator-count} Exists or DoesNotExist). An instance type uses the
 * first AMI of the list whose requirements its labels meet (Karpenter's {@code MapToInstanceTypes}); the launcher
 * launches it, the consolidator calls a node with another image AMI-drifted. Nobody else resolves AMI selector terms.
 */
public final class StatusAmis {

    /** One AMI of the status: its id and what an instance type must satisfy to use it. */
    public record StatusAmi(String id, String name, Requirements requirements) {
    }

    private StatusAmis() {
    }

    /** The status' AMIs in status order; empty when there are none. Unreadable requirements skip that AMI. */
    public static List<StatusAmi> of(EC2NodeClass nodeClass) {
        List<StatusAmi> out = new ArrayList<>();
        if (nodeClass.getStatus() == null || nodeClass.getStatus().getAmis() == null) {
            return out;
        }
        for (AmiStatus ami : nodeClass.getStatus().getAmis()) {
            if (ami.getId() == null) {
                continue;
            }
            requirements(ami).ifPresent(r -> out.add(new StatusAmi(ami.getId(), ami.getName(), r)));
        }
        return out;
    }

    /** The AMI an instance type with these labels launches with: the first whose requirements they meet. */
    public static Optional<StatusAmi> forLabels(List<StatusAmi> amis, Map<String, String> labels) {
        return amis.stream().filter(a -> a.requirements().matchesLabels(labels)).findFirst();
    }

    /** Instance type names grouped by the AMI they launch with (types no AMI serves are left out), in AMI order. */
    public static Map<String, List<String>> byAmi(List<StatusAmi> amis, Map<String, Map<String, String>> labelsByType) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        amis.forEach(a -> out.put(a.id(), new ArrayList<>()));
        labelsByType.forEach((type, labels) -> forLabels(amis, labels).ifPresent(a -> out.get(a.id()).add(type)));
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private static Optional<Requirements> requirements(AmiStatus ami) {
        Requirements out = new Requirements();
        if (ami.getRequirements() == null) {
            return Optional.of(out);
        }
        try {
            for (NodeSelectorRequirement r : ami.getRequirements()) {
                out.add(Requirement.of(r.getKey(), Operator.parse(r.getOperator()), r.getValues()));
            }
            return Optional.of(out);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
