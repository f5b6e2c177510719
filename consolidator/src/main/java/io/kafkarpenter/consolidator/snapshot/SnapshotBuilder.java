package io.kafkarpenter.consolidator.snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.validation.NodePoolValidator;
import io.kafkarpenter.model.crd.validation.Violation;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionPolicy;
import io.kafkarpenter.model.disruption.NodeClassState;
import io.kafkarpenter.model.disruption.PlannerSettings;
import io.kafkarpenter.model.disruption.PodDisruptionBudget;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.kube.ClusterNodes;
import io.kafkarpenter.model.kube.DaemonSetPods;
import io.kafkarpenter.model.kube.DisruptionInputs;
import io.kafkarpenter.model.kube.KubeNodes;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.SchedulingPod;

/**
 * The cluster as the disruption planner reads it ({@link ClusterSnapshot}), from the informers' objects. Pure: the
 * instance types are given as a function.
 * <ul>
 *   <li>NodePools: every NodePool not being deleted has a policy ({@link DisruptionInputs#policy}) whose annotations
 *       carry its CURRENT {@code karpenter.sh/nodepool-hash} ({@link DriftHashes#nodePool} of the live object, so a
 *       changed template drifts the NodeClaims stamped with the old one); a valid NodePool whose EC2NodeClass exists
 *       and is Ready also launches (a template with its instance types: the launcher refuses a class that is not);</li>
 *   <li>EC2NodeClasses: their hash and their status' AMIs, subnets and groups ({@link NodeClassStates});</li>
 *   <li>nodes: each Node joined with its NodeClaim (status.nodeName or providerID), and NodeClaims without a Node yet
 *       ({@link ClusterNodes#clusterNode}); {@code disruptingAlready} names the NodeClaims (the nodes, for nodes
 *       without one) of commands already emitted — by NodeClaim, because a node name (private DNS name) can come
 *       back on a new instance;</li>
 *   <li>pending pods: unbound provisionable pods; DaemonSets: one pod each; PodDisruptionBudgets (policy/v1).</li>
 * </ul>
 * Objects that cannot be read are left out and reported in {@link Result#problems()} (object → why).
 */
public final class SnapshotBuilder {

    /** A NodePool's instance types on its EC2NodeClass (the shared InstanceTypeProvider). */
    public interface InstanceTypes {
        List<InstanceType> forNodePool(NodePoolTemplate pool, EC2NodeClass nodeClass);
    }

    /**
     * @param claimOfNode NodeClaim name of each node name (and of each NodeClaim without a Node, itself)
     * @param nodePools   the live NodePools by name
     * @param problems    objects left out, and why
     */
    public record Result(ClusterSnapshot snapshot, Map<String, String> claimOfNode, Map<String, NodePool> nodePools,
                         Map<String, String> problems) {
    }

    private SnapshotBuilder() {
    }

    public static Result build(ClusterObjects objects, InstanceTypes instanceTypes, Set<String> disruptingAlready,
                               PlannerSettings settings, Instant now) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, EC2NodeClass> classes = new HashMap<>();
        objects.nodeClasses().forEach(c -> classes.put(c.getMetadata().getName(), c));

        List<NodePoolTemplate> templates = new ArrayList<>();
        List<DisruptionPolicy> policies = new ArrayList<>();
        Map<String, NodePool> pools = new LinkedHashMap<>();
        Set<InstanceType> known = new LinkedHashSet<>();
        for (NodePool np : sorted(objects.nodePools(), p -> p.getMetadata().getName())) {
            String name = np.getMetadata().getName();
            if (np.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            pools.put(name, np);
            try {
                policies.add(withCurrentHash(DisruptionInputs.policy(np, true), np));
            } catch (IllegalArgumentException e) {
                problems.put("NodePool " + name, e.getMessage());
                continue;
            }
            List<Violation> violations = NodePoolValidator.validate(np);
            if (!violations.isEmpty()) {
                problems.put("NodePool " + name, violations.stream().map(Violation::toString)
                    .collect(Collectors.joining("; ")));
                continue;
            }
            var ref = np.getSpec().getTemplate().getSpec().getNodeClassRef();
            EC2NodeClass nodeClass = ref == null ? null : classes.get(ref.getName());
            if (nodeClass == null || nodeClass.getMetadata().getDeletionTimestamp() != null) {
                problems.put("NodePool " + name, "EC2NodeClass " + (ref == null ? "(none)" : ref.getName())
                    + " not found");
                continue;
            }
            var notReady = EC2NodeClassConditions.notReady(nodeClass);
            if (notReady.isPresent()) {
                problems.put("NodePool " + name, "EC2NodeClass " + ref.getName() + " is not ready: " + notReady.get()
                    + " (no replacement is planned with it)");
                continue;
            }
            try {
                NodePoolTemplate bare = EngineInputs.nodePool(np, List.of());
                List<InstanceType> types = instanceTypes.forNodePool(bare, nodeClass);
                templates.add(bare.withInstanceTypes(types));
                known.addAll(types);
            } catch (IllegalArgumentException e) {
                problems.put("NodePool " + name, e.getMessage());
            }
        }

        List<NodeClassState> nodeClassStates = new ArrayList<>();
        for (EC2NodeClass c : sorted(objects.nodeClasses(), c -> c.getMetadata().getName())) {
            nodeClassStates.add(NodeClassStates.of(c));
        }

        Map<String, List<Pod>> podsByNode = new HashMap<>();
        List<SchedulingPod> pending = new ArrayList<>();
        for (Pod pod : objects.pods()) {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (nodeName != null && !nodeName.isEmpty()) {
                podsByNode.computeIfAbsent(nodeName, k -> new ArrayList<>()).add(pod);
            } else if (!KubeNodes.terminal(pod) && pod.getMetadata().getDeletionTimestamp() == null
                && PodViews.isProvisionable(pod)) {
                try {
                    pending.add(EngineInputs.pod(PodViews.from(pod)));
                } catch (RuntimeException e) {
                    problems.put("Pod " + key(pod), e.getMessage());
                }
            }
        }

        Map<String, String> claimOfNode = new LinkedHashMap<>();
        List<ClusterNode> nodes = new ArrayList<>();
        Map<String, NodeClaim> claimByNodeName = new HashMap<>();
        Map<String, NodeClaim> claimByProviderId = new HashMap<>();
        for (NodeClaim claim : objects.nodeClaims()) {
            if (claim.getStatus() != null && claim.getStatus().getNodeName() != null) {
                claimByNodeName.put(claim.getStatus().getNodeName(), claim);
            }
            if (claim.getStatus() != null && claim.getStatus().getProviderID() != null) {
                claimByProviderId.put(claim.getStatus().getProviderID(), claim);
            }
        }
        Set<String> joinedClaims = new LinkedHashSet<>();
        for (Node node : sorted(objects.nodes(), n -> n.getMetadata().getName())) {
            String name = node.getMetadata().getName();
            NodeClaim claim = claimByNodeName.get(name);
            if (claim == null && node.getSpec() != null && node.getSpec().getProviderID() != null) {
                claim = claimByProviderId.get(node.getSpec().getProviderID());
            }
            if (claim != null) {
                joinedClaims.add(claim.getMetadata().getName());
                claimOfNode.put(name, claim.getMetadata().getName());
            }
            String identity = claim != null ? claim.getMetadata().getName() : name;
            try {
                nodes.add(ClusterNodes.clusterNode(node, claim, podsByNode.getOrDefault(name, List.of()),
                    disruptingAlready.contains(identity),
                    (pod, why) -> problems.put("Pod " + key(pod), why)));
            } catch (IllegalArgumentException e) {
                problems.put("Node " + name, e.getMessage());
            }
        }
        for (NodeClaim claim : sorted(objects.nodeClaims(), c -> c.getMetadata().getName())) {
            String name = claim.getMetadata().getName();
            if (joinedClaims.contains(name)) {
                continue;
            }
            try {
                ClusterNode n = ClusterNodes.clusterNode(null, claim, List.of(), disruptingAlready.contains(name),
                    (pod, why) -> { });
                if (n != null) {
                    nodes.add(n);
                    claimOfNode.put(name, name);
                }
            } catch (IllegalArgumentException e) {
                problems.put("NodeClaim " + name, e.getMessage());
            }
        }

        Map<String, Pod> newestByDaemonSet = newestDaemonSetPods(objects.pods());
        List<SchedulingPod> daemonSets = DaemonSetPods.of(objects.daemonSets(),
            ds -> newestByDaemonSet.get(ds.getMetadata().getUid()),
            (ds, why) -> problems.put("DaemonSet " + ds.getMetadata().getNamespace() + "/"
                + ds.getMetadata().getName(), why));

        List<PodDisruptionBudget> pdbs = new ArrayList<>();
        for (var pdb : objects.pdbs()) {
            try {
                pdbs.add(DisruptionInputs.pdb(pdb));
            } catch (IllegalArgumentException e) {
                problems.put("PodDisruptionBudget " + pdb.getMetadata().getNamespace() + "/"
                    + pdb.getMetadata().getName(), e.getMessage());
            }
        }

        ClusterSnapshot snapshot = new ClusterSnapshot(now, templates, policies, nodes, pending, daemonSets, pdbs,
            nodeClassStates, new ArrayList<>(known), settings);
        return new Result(snapshot, claimOfNode, pools, problems);
    }

    /** The policy with the NodePool's current hash in its annotations (what NodeClaims are compared against). */
    static DisruptionPolicy withCurrentHash(DisruptionPolicy p, NodePool np) {
        Map<String, String> annotations = new LinkedHashMap<>(p.annotations());
        annotations.put(DriftHashes.NODEPOOL_HASH, DriftHashes.nodePool(np));
        annotations.put(DriftHashes.NODEPOOL_HASH_VERSION, DriftHashes.NODEPOOL_VERSION);
        return new DisruptionPolicy(p.nodePool(), p.consolidationPolicy(), p.consolidateAfter(), p.budgets(),
            p.expireAfter(), p.terminationGracePeriod(), p.requirements(), annotations, p.nodeClass(), p.dynamic());
    }

    /** Each DaemonSet's (by uid) newest non-terminal pod. */
    static Map<String, Pod> newestDaemonSetPods(List<Pod> pods) {
        Map<String, Pod> out = new HashMap<>();
        for (Pod pod : pods) {
            if (KubeNodes.terminal(pod) || pod.getMetadata().getOwnerReferences() == null) {
                continue;
            }
            for (OwnerReference ref : pod.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(ref.getController()) && "DaemonSet".equals(ref.getKind())
                    && ref.getUid() != null) {
                    out.merge(ref.getUid(), pod, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
                }
            }
        }
        return out;
    }

    private static final Comparator<Pod> NEWEST = Comparator
        .comparing((Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
        .thenComparing(p -> p.getMetadata().getName());

    private static <T> List<T> sorted(List<T> items, Function<T, String> name) {
        List<T> out = new ArrayList<>(items);
        out.sort(Comparator.comparing(name));
        return out;
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
