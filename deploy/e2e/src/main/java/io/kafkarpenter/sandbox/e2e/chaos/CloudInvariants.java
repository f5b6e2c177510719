package io.kafkarpenter.sandbox.e2e.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.sandbox.e2e.Observer;
import io.kafkarpenter.sandbox.e2e.Sandbox;
import io.kafkarpenter.sandbox.e2e.SimulatorControl;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The invariants about instances, NodeClaims and Nodes, checked against EC2 itself (DescribeInstances with the
 * harness' admin key) and the API server: one instance per NodeClaim (ever), no owned instance without a NodeClaim
 * after the garbage-collection period, no NodeClaim without an instance after the registration TTL, NodePool limits
 * (vCPUs of the pool's live instances), no Node or NodeClaim left with a finalizer and no instance, and no
 * TerminateInstances of an instance without this cluster's ownership tags.
 */
final class CloudInvariants {

    static final String ONE_INSTANCE = "one instance per NodeClaim";
    static final String NO_ORPHAN = "no instance without a NodeClaim after the GC period";
    static final String NO_GHOST = "no NodeClaim without an instance after the registration TTL";
    static final String LIMITS = "NodePool limits (vCPUs counted in EC2)";
    static final String FINALIZERS = "no Node/NodeClaim left with a finalizer and no instance";
    static final String OWNED_TERMINATIONS = "no instance terminated without the ownership tags";

    private final Sandbox sandbox;
    private final SimulatorControl simulator;
    private final ChaosLedger ledger;
    private final InvariantTable table;
    private final ChaosSettings settings;
    private final Observer observer;
    /** NodeClaim → every instance ever seen with its tag. */
    private final Map<String, Set<String>> instancesOfClaim = new HashMap<>();
    /** instance id → its tags as last seen (terminated ones stay described for the simulator's retention). */
    private final Map<String, Map<String, String>> tagsOf = new HashMap<>();
    private final Map<String, Instant> orphanSince = new HashMap<>();
    private final Map<String, Instant> ghostSince = new HashMap<>();
    private final Map<String, Instant> strandedSince = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final Set<String> seenTerminateCalls = new HashSet<>();
    /** What the last look saw, for the run's progress lines. */
    String summary = "";
    /** The most vCPUs a pool stood over its limit while a replacement drained. */
    private int maxOvershoot;
    /** Every instance id launched with a karpenter.sh/nodeclaim tag (any state), for the wave accounting. */
    final Map<String, String> claimOfInstance = new HashMap<>();

    CloudInvariants(Sandbox sandbox, ChaosLedger ledger, InvariantTable table, ChaosSettings settings,
                    Observer observer) {
        this.sandbox = sandbox;
        this.simulator = new SimulatorControl(sandbox.ec2Endpoint());
        this.ledger = ledger;
        this.table = table;
        this.settings = settings;
        this.observer = observer;
    }

    /** One look at EC2 and the API server; every invariant of this class checked once. */
    void check() {
        Instant now = Instant.now();
        List<Instance> all = new ArrayList<>();
        sandbox.ec2().describeInstancesPaginator(r -> { }).reservations().forEach(r -> all.addAll(r.instances()));
        List<NodeClaim> claims = sandbox.kube().resources(NodeClaim.class).list().getItems();
        List<Node> nodes = sandbox.kube().nodes().list().getItems();
        List<NodePool> pools = sandbox.kube().resources(NodePool.class).list().getItems();

        Map<String, List<Instance>> liveByClaim = new HashMap<>();
        Set<String> liveIds = new HashSet<>();
        for (Instance i : all) {
            Map<String, String> tags = new HashMap<>();
            i.tags().forEach(t -> tags.put(t.key(), t.value()));
            tagsOf.put(i.instanceId(), tags);
            // by tag, else by providerID: a merged CreateFleet's instance gets its NodeClaim tag only at registration
            String claim = Observer.nodeClaimOf(i, claims);
            if (claim == null) {
                claim = claimOfInstance.get(i.instanceId());
            }
            if (claim != null) {
                instancesOfClaim.computeIfAbsent(claim, c -> new TreeSet<>()).add(i.instanceId());
                claimOfInstance.put(i.instanceId(), claim);
            }
            if (live(i)) {
                liveIds.add(i.instanceId());
                if (claim != null) {
                    liveByClaim.computeIfAbsent(claim, c -> new ArrayList<>()).add(i);
                }
            }
        }
        summary = liveIds.size() + " live instances, " + claims.size() + " NodeClaims, " + nodes.size() + " Nodes";
        oneInstance();
        orphans(all, claims, now);
        ghosts(claims, liveByClaim, liveIds, now);
        limits(all, pools, claims);
        stranded(claims, nodes, liveByClaim, liveIds, now);
        terminations();
    }

    private void oneInstance() {
        String violation = null;
        for (var e : instancesOfClaim.entrySet()) {
            if (e.getValue().size() > 1 && reported.add("two:" + e.getKey())) {
                violation = "NodeClaim " + e.getKey() + " has instances " + e.getValue();
                table.check(ONE_INSTANCE, violation);
            }
        }
        if (violation == null) {
            table.check(ONE_INSTANCE, null);
        }
    }

    /** Owned instances (ownership + NodePool tags, as the GC selects them) that no NodeClaim claims. */
    private void orphans(List<Instance> all, List<NodeClaim> claims, Instant now) {
        Set<String> claimNames = new HashSet<>();
        Set<String> providerIds = new HashSet<>();
        for (NodeClaim c : claims) {
            claimNames.add(c.getMetadata().getName());
            if (c.getStatus() != null && c.getStatus().getProviderID() != null) {
                providerIds.add(instanceIdOf(c.getStatus().getProviderID()));
            }
        }
        String violation = null;
        for (Instance i : all) {
            if (!live(i) || !owned(tagsOf.get(i.instanceId()))) {
                orphanSince.remove(i.instanceId());
                continue;
            }
            String claim = claimOfInstance.get(i.instanceId());
            boolean claimed = (claim != null && claimNames.contains(claim)) || providerIds.contains(i.instanceId());
            if (claimed) {
                orphanSince.remove(i.instanceId());
                continue;
            }
            Instant since = ledger.laterOfUp(orphanSince.computeIfAbsent(i.instanceId(), k -> now), "launcher");
            if (Duration.between(since, now).compareTo(settings.orphanAllowance()) > 0
                && reported.add("orphan:" + i.instanceId())) {
                violation = i.instanceId() + " (" + claim + ") without a NodeClaim for "
                    + Duration.between(orphanSince.get(i.instanceId()), now).toSeconds() + " s";
                table.check(NO_ORPHAN, violation);
            }
        }
        if (violation == null) {
            table.check(NO_ORPHAN, null);
        }
    }

    private void ghosts(List<NodeClaim> claims, Map<String, List<Instance>> liveByClaim, Set<String> liveIds,
                        Instant now) {
        String violation = null;
        Set<String> present = new HashSet<>();
        for (NodeClaim c : claims) {
            String name = c.getMetadata().getName();
            present.add(name);
            if (hasInstance(c, liveByClaim, liveIds)) {
                ghostSince.remove(name);
                continue;
            }
            Instant created = Instant.parse(c.getMetadata().getCreationTimestamp());
            Instant first = ghostSince.computeIfAbsent(name, k -> now.isAfter(created) ? now : created);
            Instant since = ledger.laterOfUp(first.isBefore(created) ? created : first, "launcher");
            if (Duration.between(since, now).compareTo(settings.ghostAllowance()) > 0 && reported.add("ghost:" + name)) {
                violation = "NodeClaim " + name + " without a live instance for " + Duration.between(first, now)
                    .toSeconds() + " s (created " + created + ")";
                table.check(NO_GHOST, violation);
            }
        }
        ghostSince.keySet().retainAll(present);
        if (violation == null) {
            table.check(NO_GHOST, null);
        }
    }

    /**
     * Per NodePool, the vCPUs of its live owned instances, less those of instances whose NodeClaim is being replaced
     * by a disruption (it names its replacements, {@value DisruptionKeys#TERMINATION_REPLACEMENTS}): Karpenter's rule,
     * which the launcher follows (launcher/DESIGN.md), lets a replacement be launched while the node it replaces still
     * counts, so the pool may stand over its limit by that node until it is gone. That overshoot is counted apart
     * ("limit overshoot while a replacement drains"), with the largest seen; any other excess is a violation.
     */
    private void limits(List<Instance> all, List<NodePool> pools, List<NodeClaim> claims) {
        Set<String> beingReplaced = new HashSet<>();
        for (NodeClaim c : claims) {
            Map<String, String> a = c.getMetadata().getAnnotations();
            if (a != null && a.get(DisruptionKeys.TERMINATION_REPLACEMENTS) != null
                && !a.get(DisruptionKeys.TERMINATION_REPLACEMENTS).isBlank()) {
                beingReplaced.add(c.getMetadata().getName());
            }
        }
        Map<String, Integer> vcpus = new HashMap<>();
        Map<String, Integer> replaced = new HashMap<>();
        for (Instance i : all) {
            String pool = Observer.tag(i, "karpenter.sh/nodepool");
            if (live(i) && pool != null && owned(tagsOf.get(i.instanceId()))) {
                int n = observer.vcpu(i.instanceTypeAsString());
                vcpus.merge(pool, n, Integer::sum);
                if (beingReplaced.contains(claimOfInstance.get(i.instanceId()))) {
                    replaced.merge(pool, n, Integer::sum);
                }
            }
        }
        String violation = null;
        for (NodePool p : pools) {
            Map<String, Quantity> limits = p.getSpec().getLimits();
            Quantity cpu = limits == null ? null : limits.get("cpu");
            String name = p.getMetadata().getName();
            int used = vcpus.getOrDefault(name, 0);
            if (cpu == null) {
                continue;
            }
            double limit = cpu.getNumericalAmount().doubleValue();
            if (used - replaced.getOrDefault(name, 0) > limit) {
                violation = "NodePool " + name + ": " + used + " vCPUs of live instances (" + replaced.getOrDefault(name, 0)
                    + " of them being replaced) > limit " + cpu;
            } else if (used > limit) {
                ledger.tally("limit overshoot while a replacement drains (checks)");
                int over = (int) Math.ceil(used - limit);
                if (over > maxOvershoot) {
                    maxOvershoot = over;
                    ledger.say("NodePool " + name + ": " + used + " vCPUs > limit " + cpu + " while "
                        + replaced.get(name) + " vCPUs of it are being replaced (Karpenter's replacement rule)");
                }
            }
        }
        table.check(LIMITS, violation);
    }

    /** Being deleted, a finalizer left, and no live instance: for longer than the allowance, with the launcher up. */
    private void stranded(List<NodeClaim> claims, List<Node> nodes, Map<String, List<Instance>> liveByClaim,
                          Set<String> liveIds, Instant now) {
        Set<String> present = new HashSet<>();
        String violation = null;
        List<HasMetadata> deleting = new ArrayList<>();
        claims.stream().filter(c -> c.getMetadata().getDeletionTimestamp() != null)
            .filter(c -> !hasInstance(c, liveByClaim, liveIds)).forEach(deleting::add);
        nodes.stream().filter(n -> n.getMetadata().getDeletionTimestamp() != null)
            .filter(n -> n.getSpec().getProviderID() == null
                || !liveIds.contains(instanceIdOf(n.getSpec().getProviderID())))
            .forEach(deleting::add);
        for (HasMetadata o : deleting) {
            if (o.getMetadata().getFinalizers() == null || o.getMetadata().getFinalizers().isEmpty()) {
                continue;
            }
            String key = o.getKind() + "/" + o.getMetadata().getName();
            present.add(key);
            Instant first = strandedSince.computeIfAbsent(key, k -> now);
            if (Duration.between(ledger.laterOfUp(first, "launcher"), now).compareTo(settings.finalizerAllowance()) > 0
                && reported.add("stranded:" + key)) {
                violation = key + " deleting with finalizers " + o.getMetadata().getFinalizers()
                    + " and no live instance for " + Duration.between(first, now).toSeconds() + " s";
                table.check(FINALIZERS, violation);
            }
        }
        strandedSince.keySet().retainAll(present);
        if (violation == null) {
            table.check(FINALIZERS, null);
        }
    }

    /** Every instance a TerminateInstances call named (the simulator's request log) carried the ownership tags. */
    private void terminations() {
        for (JsonNode call : simulator.requests("TerminateInstances")) {
            String key = call.path("at").asText() + call.path("parameters").toString();
            if (!seenTerminateCalls.add(key) || call.path("httpStatus").asInt() != 200) {
                continue;
            }
            call.path("parameters").fields().forEachRemaining(p -> {
                if (p.getKey().startsWith("InstanceId")) {
                    String id = p.getValue().asText();
                    Map<String, String> tags = tagsOf.get(id);
                    table.check(OWNED_TERMINATIONS, tags != null && !owned(tags)
                        ? id + " terminated with tags " + tags : null);
                }
            });
        }
    }

    private boolean hasInstance(NodeClaim c, Map<String, List<Instance>> liveByClaim, Set<String> liveIds) {
        if (liveByClaim.containsKey(c.getMetadata().getName())) {
            return true;
        }
        return c.getStatus() != null && c.getStatus().getProviderID() != null
            && liveIds.contains(instanceIdOf(c.getStatus().getProviderID()));
    }

    /** This cluster's ownership tag ({@code owned}) and a NodePool tag: what the launcher may terminate. */
    boolean owned(Map<String, String> tags) {
        return tags != null && "owned".equals(tags.get("kubernetes.io/cluster/" + sandbox.options().clusterName()))
            && tags.get("karpenter.sh/nodepool") != null && !tags.get("karpenter.sh/nodepool").isEmpty();
    }

    static boolean live(Instance i) {
        String s = i.state() == null ? "" : i.state().nameAsString();
        return "pending".equals(s) || "running".equals(s);
    }

    static String instanceIdOf(String providerId) {
        return providerId.substring(providerId.lastIndexOf('/') + 1);
    }
}
