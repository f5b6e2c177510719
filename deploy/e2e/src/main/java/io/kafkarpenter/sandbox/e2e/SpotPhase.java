package io.kafkarpenter.sandbox.e2e;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.interruption.ProviderIds;
import io.kafkarpenter.model.reasons.Reason;

/**
 * {@code bin/kk demo --phase spot}: the workshop's On-Demand &amp; Spot ratio split ({@value #MANIFEST}: an on-demand
 * and a spot NodePool sharing the label {@value #SPREAD_KEY}, one value and four) with {@code inflate} spread over
 * that label, then a spot interruption warning for one spot node, as EC2 sends it two minutes before it takes the
 * instance back (the EC2 simulator puts it on the interruption queue the launcher reads). Prints the replacement,
 * the pods moving and the time against the two minutes. Behaves when every pod runs on another node before the
 * deadline, on capacity other than the interrupted offering (marked unavailable).
 */
final class SpotPhase {

    static final String NAME = "spot";
    static final String MANIFEST = "deploy/demo/nodepools-spot-split.yaml";
    static final String SPREAD_KEY = "capacity-spread";
    static final int PODS = 10;
    static final String POD_CPU = "1500m";
    /** How long EC2 gives a spot instance after its interruption warning. */
    static final Duration NOTICE = Duration.ofMinutes(2);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Sandbox sandbox;
    private final Workloads workloads;
    private final Observer observer;
    private final Deployment inflate;
    private final Duration timeout;
    private final PrintStream out;

    SpotPhase(Sandbox sandbox, Workloads workloads, Observer observer, Deployment inflate, Duration timeout,
              PrintStream out) {
        this.sandbox = sandbox;
        this.workloads = workloads;
        this.observer = observer;
        this.inflate = inflate;
        this.timeout = timeout;
        this.out = out;
    }

    DemoPhases.Result run() {
        Instant setUpStart = Instant.now();
        Deployment spread = spreadOverCapacity(inflate);
        workloads.apply(spread);
        workloads.scale(spread, PODS);
        out.println("scaled Deployment inflate to " + PODS + " (cpu " + POD_CPU + " each), spread over " + SPREAD_KEY
            + " (maxSkew 1): 1 on-demand, 2-5 spot");
        ClusterView before = awaitRunning(setUpStart);
        if (before == null) {
            return new DemoPhases.Result(NAME, false, Duration.between(setUpStart, Instant.now()),
                "the " + PODS + " pods did not all run within " + timeout.toSeconds() + " s");
        }
        out.printf("before: %s%n", split(before));
        before.capacity.forEach(c -> out.println("    " + c.describe() + "  " + podsOn(before, c.node()).size() + " pods"));
        ClusterView.Capacity victim = before.capacity.stream().filter(c -> "spot".equals(c.capacityType()))
            .filter(c -> c.node() != null).findFirst().orElse(null);
        if (victim == null) {
            return new DemoPhases.Result(NAME, false, Duration.between(setUpStart, Instant.now()), "no spot node");
        }
        Node node = sandbox.kube().nodes().withName(victim.node()).get();
        String instanceId = ProviderIds.instanceId(node.getSpec().getProviderID()).orElseThrow(
            () -> new IllegalStateException("node " + victim.node() + " has no instance in its providerID"));
        List<String> victimPods = podsOn(before, victim.node());
        String offering = victim.instanceType() + " " + victim.zone() + " spot";

        Instant warned = Instant.now();
        JsonNode event = new SimulatorControl(sandbox.ec2Endpoint()).interrupt(instanceId, "spot");
        out.printf("%s for %s (node %s, %s, pods %s): EC2 takes it back at %s%n", event.path("detail-type").asText(),
            instanceId, victim.node(), offering, victimPods, CLOCK.format(warned.plus(NOTICE)));

        Set<String> claimsBefore = before.capacity.stream().map(ClusterView.Capacity::nodeClaim)
            .collect(Collectors.toSet());
        Instant deleting = null;
        Instant moved = null;
        ClusterView view = before;
        String last = "";
        while (Instant.now().isBefore(warned.plus(timeout))) {
            view = ClusterView.look(sandbox, "inflate");
            ClusterView.Capacity now = view.capacity.stream().filter(c -> c.nodeClaim().equals(victim.nodeClaim()))
                .findFirst().orElse(null);
            if (deleting == null && (now == null || now.disrupting())) {
                deleting = Instant.now();
            }
            long elsewhere = running(view).stream().filter(p -> !victim.node().equals(p.getSpec().getNodeName())).count();
            List<String> replacements = view.capacity.stream().filter(c -> !claimsBefore.contains(c.nodeClaim()))
                .map(c -> c.nodeClaim() + " " + c.instanceType() + " " + c.zone() + " " + c.capacityType()
                    + (c.initialized() ? "" : " (starting)")).toList();
            String progress = String.format("NodeClaim %s %s | pods %d running on other nodes, %d pending | new: %s",
                victim.nodeClaim(), now == null ? "gone" : now.disrupting() ? "deleting" : "running", elsewhere,
                view.pending(), replacements.isEmpty() ? "-" : String.join(", ", replacements));
            if (!progress.equals(last)) {
                out.printf("  %5.1fs  %s%n", Duration.between(warned, Instant.now()).toMillis() / 1000.0, progress);
                last = progress;
            }
            if (elsewhere == PODS && view.pending() == 0) {
                moved = Instant.now();
                break;
            }
            Sandbox.sleep(500);
        }
        ClusterView after = view;
        List<ClusterView.Capacity> replacements = after.capacity.stream()
            .filter(c -> !claimsBefore.contains(c.nodeClaim())).toList();
        out.printf("after: %s%n", split(after));
        after.capacity.forEach(c -> out.println("    " + c.describe() + "  " + podsOn(after, c.node()).size() + " pods"
            + (claimsBefore.contains(c.nodeClaim()) ? "" : "  (replacement)")));
        printDecisions(warned);

        List<String> problems = new ArrayList<>();
        Duration took = moved == null ? null : Duration.between(warned, moved);
        if (took == null) {
            problems.add("the pods did not all run on other nodes within " + timeout.toSeconds() + " s");
        } else if (took.compareTo(NOTICE) >= 0) {
            problems.add("later than EC2's " + NOTICE.toSeconds() + " s");
        }
        if (replacements.isEmpty()) {
            problems.add("no replacement NodeClaim");
        }
        if (replacements.stream().anyMatch(c -> offering.equals(c.instanceType() + " " + c.zone() + " "
            + c.capacityType()))) {
            problems.add("a replacement on the interrupted offering " + offering);
        }
        String summary = String.format(Locale.ROOT, "interrupted %s (%s): NodeClaim deleting after %s, replacement %s;"
                + " its %d pods running elsewhere after %s of EC2's %d s; %s%s", victim.node(), offering,
            deleting == null ? "-" : seconds(Duration.between(warned, deleting)),
            replacements.isEmpty() ? "none" : replacements.stream().map(c -> c.instanceType() + " " + c.zone() + " "
                + c.capacityType()).collect(Collectors.joining(", ")),
            victimPods.size(), took == null ? "-" : seconds(took), NOTICE.toSeconds(), split(after),
            problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        return new DemoPhases.Result(NAME, problems.isEmpty(), took == null ? Duration.between(warned, Instant.now())
            : took, summary);
    }

    /**
     * inflate with a DoNotSchedule spread of maxSkew 1 over {@value #SPREAD_KEY}, as the workshop's page has it, and
     * {@value #POD_CPU} cpu per pod: two to a 4-vCPU node, so that no node has room for a third (the scheduler fills
     * the nodes that register first) and the interrupted node's pods need new capacity.
     */
    static Deployment spreadOverCapacity(Deployment inflate) {
        Deployment d = new DeploymentBuilder(inflate).editSpec().editTemplate().editSpec()
            .withTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                .withTopologyKey(SPREAD_KEY).withWhenUnsatisfiable("DoNotSchedule")
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "inflate").build()).build())
            .endSpec().endTemplate().endSpec().build();
        d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.getResources().getRequests()
            .put("cpu", new Quantity(POD_CPU)));
        return d;
    }

    /** Waits until the pods all run (bound, Running) on initialized nodes; null when the timeout passes first. */
    private ClusterView awaitRunning(Instant start) {
        String last = "";
        while (Instant.now().isBefore(start.plus(timeout))) {
            ClusterView v = ClusterView.look(sandbox, "inflate");
            String progress = String.format("pods %d running, %d pending | NodeClaims %d", running(v).size(), v.pending(),
                v.capacity.size());
            if (!progress.equals(last)) {
                out.printf("  %4ds  %s%n", Duration.between(start, Instant.now()).toSeconds(), progress);
                last = progress;
            }
            if (running(v).size() == PODS && v.pending() == 0 && v.capacity.stream()
                .allMatch(ClusterView.Capacity::initialized)) {
                return v;
            }
            Sandbox.sleep(1000);
        }
        return null;
    }

    private static List<Pod> running(ClusterView v) {
        return v.activePods().stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
            .toList();
    }

    private static List<String> podsOn(ClusterView v, String node) {
        return v.activePods().stream().filter(p -> node != null && node.equals(p.getSpec().getNodeName()))
            .map(p -> p.getMetadata().getName()).sorted().toList();
    }

    /** e.g. "8 pods on spot, 2 on on-demand (5 nodes)". */
    private static String split(ClusterView v) {
        Map<String, String> capacityOfNode = new TreeMap<>();
        v.capacity.stream().filter(c -> c.node() != null).forEach(c -> capacityOfNode.put(c.node(), c.capacityType()));
        Map<String, Long> pods = v.activePods().stream().filter(p -> p.getSpec().getNodeName() != null)
            .collect(Collectors.groupingBy(p -> Objects.requireNonNullElse(capacityOfNode.get(p.getSpec().getNodeName()),
                "?"), TreeMap::new, Collectors.counting()));
        return String.format("%d pods on spot, %d on on-demand (%d nodes)", pods.getOrDefault("spot", 0L),
            pods.getOrDefault("on-demand", 0L), v.capacity.size());
    }

    /**
     * The launcher's interruption decisions since the warning, as kk.decisions has them (read for up to 10 s: the
     * observer's consumer may still be joining its group).
     */
    private void printDecisions(Instant since) {
        Instant deadline = Instant.now().plusSeconds(10);
        List<DecisionRecord> found = List.of();
        while (found.isEmpty() && Instant.now().isBefore(deadline)) {
            observer.drain();
            found = observer.decisions().stream().filter(d -> "launcher".equals(d.service()))
                .filter(d -> !d.at().isBefore(since.minusSeconds(1)) && d.reason() == Reason.SPOT_INTERRUPTED).toList();
            if (found.isEmpty()) {
                Sandbox.sleep(500);
            }
        }
        found.forEach(d -> out.println("  kk.decisions: " + d.reason() + " " + Objects.requireNonNullElse(d.decisionId(),
            "") + ": " + d.message()));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
