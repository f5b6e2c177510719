package io.kafkarpenter.sandbox.e2e.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.cli.Simulate;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.reasons.ReasonCategory;
import io.kafkarpenter.sandbox.e2e.Observer;
import io.kafkarpenter.sandbox.e2e.Sandbox;
import io.kafkarpenter.sandbox.e2e.ScenarioExport;
import io.kafkarpenter.sandbox.e2e.SimulatorControl;

/**
 * "No capacity bought twice": (1) no initialized node stays empty longer than consolidateAfter plus one disruption
 * pass ({@link ChaosSettings#emptyAllowance}, counted from when the consolidator, the launcher and the broker were
 * last up); (2) per wave, the NodeClaims launched with an instance for the wave's pending pods never exceed what
 * {@code bin/kk simulate} (the same code, {@link Simulate#run}, on the sandbox exported at the wave's start by
 * {@link ScenarioExport#exportForProvisioning}) decides for them, plus one replacement per fault that can cost a
 * NodeClaim in the wave's window: a failed CreateFleet call, capacity the run took away, a node that started a
 * voluntary disruption (it may have been the room the simulation counted on), a pod simulate left unschedulable (the
 * provisioner's next pass may place it after all). Definition in docs/reliability.md.
 */
final class CapacityInvariants {

    static final String EMPTY = "no node empty longer than consolidateAfter + one pass";
    static final String WAVES = "NodeClaims per wave <= bin/kk simulate + fault replacements";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A wave as simulated at its start: the pending pods (namespace/name) simulate placed (on new NodeClaims or
     * existing capacity), those it left unschedulable, and the NodeClaims it launches.
     */
    record Wave(int number, Instant start, Set<String> placed, Set<String> unplaced, int simulated,
                Set<String> claimsAtExport) {
    }

    private final Sandbox sandbox;
    private final ChaosLedger ledger;
    private final InvariantTable table;
    private final ChaosSettings settings;
    private final Path stateDir;
    private final SimulatorControl simulator;
    private final Queue<Wave> started = new ConcurrentLinkedQueue<>();
    private final Map<String, Instant> emptySince = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    /** node → when this checker first saw it tainted for disruption. */
    private final Map<String, Instant> disruptedAt = new HashMap<>();

    CapacityInvariants(Sandbox sandbox, ChaosLedger ledger, InvariantTable table, ChaosSettings settings, Path stateDir) {
        this.sandbox = sandbox;
        this.ledger = ledger;
        this.table = table;
        this.settings = settings;
        this.stateDir = stateDir;
        this.simulator = new SimulatorControl(sandbox.ec2Endpoint());
    }

    /** Right after a wave scaled the Deployments (the cluster lane): exports the sandbox and simulates it. */
    void waveStarted(int number, ChaosPlan.Action action) {
        Instant start = Instant.now();
        Path file = stateDir.resolve("chaos-wave-" + number + ".yaml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            // the NodeClaims that exist now are in the export as existing capacity (a batch the provisioner decided
            // between the scaling and the export): simulate's input, so never counted among the wave's launches
            Set<String> claimsAtExport = new HashSet<>();
            sandbox.kube().resources(NodeClaim.class).list().getItems()
                .forEach(c -> claimsAtExport.add(c.getMetadata().getName()));
            Files.writeString(file, ScenarioExport.of(sandbox).exportForProvisioning("chaos-wave-" + number));
            int rc = Simulate.run(file.toString(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("bin/kk simulate " + file + " exit " + rc + ": " + err);
            }
            JsonNode d = JSON.readTree(out.toByteArray());
            Set<String> placed = new TreeSet<>();
            Set<String> unplaced = new TreeSet<>();
            d.path("nodeClaims").forEach(c -> c.path("pods").forEach(p -> placed.add(p.asText())));
            d.path("existingNodes").forEach(n -> n.path("pods").forEach(p -> placed.add(p.asText())));
            d.path("unschedulable").forEach(u -> unplaced.add(u.path("pod").asText()));
            int simulated = d.path("nodeClaims").size();
            started.add(new Wave(number, start, placed, unplaced, simulated, Set.copyOf(claimsAtExport)));
            ledger.say("wave " + number + ": bin/kk simulate " + file.getFileName() + " -> " + simulated
                + " new NodeClaim(s) for " + placed.size() + " pending pod(s), " + unplaced.size() + " unschedulable");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One look (the checker thread): empty nodes, and which nodes started a disruption when. */
    void check(Observer observer, Map<String, String> claimOfInstance) {
        Instant now = Instant.now();
        List<Node> nodes = sandbox.kube().nodes().list().getItems();
        List<Pod> pods = sandbox.kube().pods().inAnyNamespace().list().getItems();
        emptyNodes(nodes, pods, now);
    }

    /**
     * At the end, every wave accounted: its window runs from its start to the next wave's (the last one's to now);
     * the instances are counted now, so that a launch delayed by a fault still counts for its wave.
     */
    void finish(Observer observer, Map<String, String> claimOfInstance) {
        check(observer, claimOfInstance);
        List<Wave> waves = new java.util.ArrayList<>(started);
        waves.sort(java.util.Comparator.comparing(Wave::start));
        for (int i = 0; i < waves.size(); i++) {
            Instant end = i + 1 < waves.size() ? waves.get(i + 1).start() : Instant.now();
            account(waves.get(i), end, observer, claimOfInstance);
        }
    }

    private void emptyNodes(List<Node> nodes, List<Pod> pods, Instant now) {
        Map<String, Integer> podsOn = new HashMap<>();
        for (Pod p : pods) {
            if (p.getSpec().getNodeName() != null && p.getMetadata().getDeletionTimestamp() == null && !daemon(p)
                && !"Succeeded".equals(p.getStatus().getPhase()) && !"Failed".equals(p.getStatus().getPhase())) {
                podsOn.merge(p.getSpec().getNodeName(), 1, Integer::sum);
            }
        }
        Set<String> present = new HashSet<>();
        String violation = null;
        for (Node n : nodes) {
            String name = n.getMetadata().getName();
            Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
            boolean disrupted = n.getSpec().getTaints() != null && n.getSpec().getTaints().stream()
                .anyMatch(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey()));
            if (disrupted) {
                disruptedAt.putIfAbsent(name, now);
            }
            if (!labels.containsKey("karpenter.sh/nodepool") || !"true".equals(labels.get("karpenter.sh/initialized"))
                || n.getMetadata().getDeletionTimestamp() != null || disrupted || podsOn.containsKey(name)) {
                continue;
            }
            present.add(name);
            Instant first = emptySince.computeIfAbsent(name, k -> now);
            Instant since = ledger.laterOfUp(first, "consolidator", "launcher", "kafka");
            if (Duration.between(since, now).compareTo(settings.emptyAllowance()) > 0 && reported.add(name)) {
                violation = "node " + name + " (" + labels.get("karpenter.sh/nodepool") + ", "
                    + labels.get("node.kubernetes.io/instance-type") + ") empty for "
                    + Duration.between(first, now).toSeconds() + " s";
                table.check(EMPTY, violation);
            }
        }
        emptySince.keySet().retainAll(present);
        if (violation == null) {
            table.check(EMPTY, null);
        }
    }

    private void account(Wave w, Instant end, Observer observer, Map<String, String> claimOfInstance) {
        observer.drain();
        Set<String> launchedClaims = new HashSet<>(claimOfInstance.values());
        Set<String> forWave = new TreeSet<>();
        Set<String> forUnplaced = new TreeSet<>();
        for (NodeClaimLaunch l : observer.launches().values()) {
            boolean replacement = l.reason() != null && l.reason().category() == ReasonCategory.DISRUPTION;
            boolean inWindow = !l.createdAt().isBefore(w.start().minusSeconds(5)) && l.createdAt().isBefore(end);
            if (replacement || !inWindow || !launchedClaims.contains(l.nodeClaimName())
                || w.claimsAtExport().contains(l.nodeClaimName())) {
                continue;
            }
            List<String> pods = l.pods().stream().map(p -> p.namespace() + "/" + p.name()).toList();
            if (pods.stream().anyMatch(w.placed()::contains)) {
                forWave.add(l.nodeClaimName());
            } else if (pods.stream().anyMatch(w.unplaced()::contains)) {
                forUnplaced.add(l.nodeClaimName());
            }
        }
        int failedFleets = (int) simulator.requests("CreateFleet").stream()
            .filter(r -> r.path("httpStatus").asInt() != 200 || !r.path("errorCode").isNull())
            .map(r -> Instant.parse(r.path("at").asText()))
            .filter(t -> !t.isBefore(w.start()) && t.isBefore(end)).count();
        int losses = ledger.lossesBetween(w.start(), end);
        int disruptions = (int) disruptedAt.values().stream().filter(t -> !t.isBefore(w.start()) && t.isBefore(end))
            .count();
        int allowed = w.simulated() + failedFleets + losses + disruptions + w.unplaced().size();
        int launched = forWave.size() + forUnplaced.size();
        String line = "wave " + w.number() + ": " + launched + " NodeClaim(s) launched for its pending pods ("
            + forUnplaced.size() + " only for pods simulate left unschedulable); bin/kk simulate " + w.simulated()
            + " + " + failedFleets + " failed CreateFleet + " + losses + " lost + " + disruptions + " disrupted + "
            + w.unplaced().size() + " unschedulable pod(s) = " + allowed;
        ledger.say(line);
        table.check(WAVES, launched > allowed ? line + " " + forWave + " " + forUnplaced : null);
    }

    private static boolean daemon(Pod p) {
        return p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "DaemonSet".equals(o.getKind()));
    }
}
