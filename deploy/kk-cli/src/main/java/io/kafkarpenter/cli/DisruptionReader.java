package io.kafkarpenter.cli;

import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionPolicy;
import io.kafkarpenter.model.disruption.NodeClassState;
import io.kafkarpenter.model.disruption.PlannerSettings;
import io.kafkarpenter.model.disruption.PodDisruptionBudget;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.kube.DisruptionInputs;
import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.SchedulerOptions;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.inputs.EngineInputs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The disruption-mode part of a scenario (shared/scenarios/FORMAT.md, "Time and identity in disruption mode"):
 * nodes with their NodeClaim facts, PodDisruptionBudgets, EC2NodeClass state, feature gates and {@code now}, as the
 * planner's {@link ClusterSnapshot}.
 *
 * <p>Existing-node fields beyond FORMAT.md that are read when present: {@code price}, {@code capacityType},
 * {@code deletionTimestamp} or {@code deleting: true} (already being deleted), {@code imageID}, {@code subnetID},
 * {@code securityGroupIDs} (the launched instance, for EC2NodeClass drift against the class's {@code status}).
 */
final class DisruptionReader {

    private final Node root;
    private final Map<SchedulingPod, BoundPod> facts;

    DisruptionReader(Node root, Map<SchedulingPod, BoundPod> facts) {
        this.root = root;
        this.facts = facts;
    }

    ClusterSnapshot snapshot(List<NodePoolTemplate> pools, List<DisruptionPolicy> policies, List<ExistingNode> existing,
            List<SchedulingPod> pending, List<SchedulingPod> daemonSets, List<InstanceType> types,
            Set<String> extraWellKnown) {
        Node gates = root.get("settings").get("featureGates");
        boolean spotToSpot = gates.get("spotToSpotConsolidation").bool(gates.get("SpotToSpotConsolidation").bool(false));
        PlannerSettings settings = new PlannerSettings(spotToSpot, SchedulerOptions.DEFAULT, extraWellKnown);
        return new ClusterSnapshot(now(), pools, policies, nodes(existing), pending, daemonSets, pdbs(), nodeClasses(),
                types, settings);
    }

    private Instant now() {
        Instant t = time(root.get("now"));
        return t != null ? t : Instant.now();
    }

    private List<ClusterNode> nodes(List<ExistingNode> existing) {
        List<Node> raw = root.get("existingNodes").list();
        List<ClusterNode> out = new ArrayList<>();
        for (int i = 0; i < existing.size(); i++) {
            ExistingNode e = existing.get(i);
            Node n = raw.get(i);
            Map<String, String> labels = new LinkedHashMap<>(e.labels());
            String capacityType = n.get("capacityType").text();
            if (capacityType != null) {
                labels.putIfAbsent(Labels.CAPACITY_TYPE, capacityType);
            }
            List<BoundPod> pods = new ArrayList<>();
            for (SchedulingPod p : e.pods()) {
                BoundPod f = facts.get(p);
                pods.add(f != null ? f : BoundPod.of(p));
            }
            boolean deleting = !n.get("deletionTimestamp").missing() || n.get("deleting").bool(false);
            ClusterNode.Instance instance = null;
            String image = n.get("imageID").text();
            String subnet = n.get("subnetID").text();
            Set<String> groups = n.get("securityGroupIDs").missing() ? null
                    : new LinkedHashSet<>(n.get("securityGroupIDs").stringList());
            if (image != null || subnet != null || groups != null) {
                instance = new ClusterNode.Instance(image, subnet, groups);
            }
            out.add(new ClusterNode(e.name(), e.nodePool(), labels, e.taints(), e.allocatable(), e.capacity(),
                    e.initialized(), time(n.get("createdAt")), n.get("annotations").strings(), deleting,
                    n.get("price").number(), instance, pods));
        }
        return out;
    }

    private List<PodDisruptionBudget> pdbs() {
        List<PodDisruptionBudget> out = new ArrayList<>();
        for (Node p : root.get("pdbs").list()) {
            io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget pdb;
            try {
                pdb = ScenarioReader.YAML.convertValue(p.json(),
                        io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class);
            } catch (IllegalArgumentException e) {
                throw new InputException(p.path(), "not a PodDisruptionBudget: " + e.getMessage().split("\n")[0]);
            }
            if (pdb.getMetadata() == null || pdb.getMetadata().getName() == null) {
                throw new InputException(p.get("metadata").get("name").path(), "is required");
            }
            out.add(DisruptionInputs.pdb(pdb));
        }
        return out;
    }

    private List<NodeClassState> nodeClasses() {
        List<NodeClassState> out = new ArrayList<>();
        for (Node nc : root.get("nodeClasses").list()) {
            Node status = nc.get("status");
            List<NodeClassState.Ami> amis = null;
            if (!status.get("amis").missing()) {
                amis = new ArrayList<>();
                for (Node ami : status.get("amis").list()) {
                    Requirements reqs = new Requirements();
                    for (Node r : ami.get("requirements").list()) {
                        try {
                            reqs.add(EngineInputs.requirement(r.get("key").requiredText(), r.get("operator").text(),
                                    r.get("values").stringList(), null, r.path()));
                        } catch (FieldException e) {
                            throw new InputException(r.path(), e.problem());
                        }
                    }
                    amis.add(new NodeClassState.Ami(ami.get("id").requiredText(), reqs));
                }
            }
            out.add(new NodeClassState(nc.get("metadata").get("name").requiredText(),
                    nc.get("metadata").get("annotations").strings(), amis, ids(status.get("subnets")),
                    ids(status.get("securityGroups"))));
        }
        return out;
    }

    private static Set<String> ids(Node list) {
        if (list.missing()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (Node n : list.list()) {
            out.add(n.get("id").requiredText());
        }
        return out;
    }

    private static Instant time(Node n) {
        String text = n.text();
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InputException(n.path(), "is not an RFC 3339 timestamp: " + text);
        }
    }
}
