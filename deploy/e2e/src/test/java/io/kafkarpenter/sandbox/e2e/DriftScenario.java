package io.kafkarpenter.sandbox.e2e;

import static io.kafkarpenter.sandbox.e2e.DisruptionScene.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Node;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Drift by a new AMI with a disruption budget of one node, through a kill -9 of the consolidator and one of the
 * launcher, each in the middle of a replace: the {@code drift} NodePool's two c6a.xlarge nodes (three 1-CPU pods
 * each; both drift at once, the budget lets one go at a time) all end on the new AMI, every replacement launched on it, never more than one disrupting at a time, every pod bound again, nothing launched or
 * terminated twice, nothing left with a finalizer and no instance. Run by {@link DisruptionIT} on its sandbox.
 */
final class DriftScenario {

    static final String POOL = "drift";
    static final String APP = "drift-app";
    static final int PODS = 6;
    static final int NODES = 2;

    private final DisruptionScene scene;
    private final Sandbox sandbox;

    DriftScenario(DisruptionScene scene) {
        this.scene = scene;
        this.sandbox = scene.sandbox;
    }

    void run() {
        assertThat(poll(Duration.ofSeconds(120), 1000, () -> scene.readyPods(APP) == PODS
            && scene.nodesOf(POOL).size() == NODES && scene.claimsOf(POOL).stream()
                .allMatch(c -> NodeClaimConditions.isTrue(c, NodeClaimConditions.INITIALIZED))))
            .as(PODS + " pods of " + APP + " Ready on " + NODES + " initialized nodes").isTrue();
        Map<String, String> oldInstances = scene.instancesOf(POOL).stream()
            .collect(Collectors.toMap(Instance::instanceId, Instance::imageId));
        Set<String> oldClaims = DisruptionIT.names(scene.claimsOf(POOL));
        String newAmi = publishAmi();
        assertThat(oldInstances.values()).as("AMIs of the drift NodePool's instances before").doesNotContain(newAmi);
        Instant published = Instant.now();

        // replace 1: kill -9 the consolidator as soon as its first replacement is on kk.nodeclaims.launch
        NodeClaimLaunch first = awaitDriftLaunch(Set.of(), Duration.ofSeconds(90));
        long consolidatorPid = sandbox.pid("consolidator");
        sandbox.kill("consolidator");
        Instant consolidatorKilled = Instant.now();
        Sandbox.sleep(2000);
        sandbox.restart("consolidator");

        // replace 2: kill -9 the launcher once the next replacement is launched and its old node tainted
        NodeClaimLaunch second = awaitDriftLaunch(Set.of(first.nodeClaimName()), Duration.ofSeconds(120));
        boolean tainted = poll(Duration.ofSeconds(20), 100, () -> scene.nodesOf(POOL).stream()
            .anyMatch(DisruptionWatch::disrupting));
        NodeClaim replacement = sandbox.kube().resources(NodeClaim.class).withName(second.nodeClaimName()).get();
        String replacementState = replacement == null ? "not created" : "Initialized="
            + NodeClaimConditions.status(replacement, NodeClaimConditions.INITIALIZED);
        long launcherPid = sandbox.pid("launcher");
        sandbox.kill("launcher");
        Instant launcherKilled = Instant.now();
        Sandbox.sleep(2000);
        sandbox.restart("launcher");

        boolean done = poll(Duration.ofSeconds(180), 1000, () -> allReplaced(newAmi));
        scene.observer.drain();
        List<String> driftLaunches = driftLaunches().stream().map(NodeClaimLaunch::nodeClaimName).toList();
        Map<String, Long> reasons = scene.observer.decisions().stream().filter(d -> d.at().isAfter(published))
            .filter(d -> "launcher".equals(d.service()) || "consolidator".equals(d.service()))
            .collect(Collectors.groupingBy(d -> d.service() + "/" + d.reason().name(), TreeMap::new, Collectors.counting()));
        System.out.printf("e2e disruption [drift] new AMI %s: replacements %s; consolidator killed %d s after publishing"
                + " (after %s), launcher killed %d s after (old node tainted: %s, replacement %s %s); all replaced: %s"
                + " after %d s; most disrupting at once: %d NodeClaims (%s), %d Nodes; decisions %s%n", newAmi,
            driftLaunches, Duration.between(published, consolidatorKilled).toSeconds(), first.nodeClaimName(),
            Duration.between(published, launcherKilled).toSeconds(), tainted, second.nodeClaimName(), replacementState,
            done, Duration.between(published, Instant.now()).toSeconds(), scene.watch.maxDisruptingClaims(POOL),
            scene.watch.overlaps(POOL), scene.watch.maxDisruptingNodes(POOL), reasons);

        Map<String, String> amiOfClaim = new TreeMap<>();
        List<NodeClaim> claimsNow = scene.claimsOf(POOL);
        scene.allInstances().stream().filter(i -> Observer.nodeClaimOf(i, claimsNow) != null)
            .forEach(i -> amiOfClaim.put(Observer.nodeClaimOf(i, claimsNow), i.imageId()));
        Map<String, String> staleReplacements = new TreeMap<>();
        driftLaunches.forEach(name -> {
            if (amiOfClaim.containsKey(name) && !newAmi.equals(amiOfClaim.get(name))) {
                staleReplacements.put(name, amiOfClaim.get(name));
            }
        });
        System.out.printf("e2e disruption [drift] AMI of each replacement %s%n", driftLaunches.stream()
            .collect(Collectors.toMap(n -> n, n -> amiOfClaim.getOrDefault(n, "(no instance)"), (x, y) -> x, TreeMap::new)));
        List<Instance> now = scene.instancesOf(POOL);
        assertThat(done).as("every node of the drift NodePool replaced onto %s within 180 s: instances %s, NodeClaims %s,"
                + " Nodes %s, pods Ready %d of %d", newAmi, now.stream().map(i -> i.instanceId() + "/" + i.imageId()).toList(),
            DisruptionIT.names(scene.claimsOf(POOL)), DisruptionIT.names(scene.nodesOf(POOL)), scene.readyPods(APP), PODS)
            .isTrue();
        assertThat(staleReplacements).as("drift replacements launched with an AMI other than the new %s (they drift"
            + " again on arrival)", newAmi).isEmpty();
        assertThat(scene.watch.maxDisruptingClaims(POOL)).as("most NodeClaims of the drift NodePool disrupting at once"
            + " (budget nodes: 1); together: " + scene.watch.overlaps(POOL)).isLessThanOrEqualTo(1);
        assertThat(scene.watch.maxDisruptingNodes(POOL)).as("most Nodes of the drift NodePool disrupting at once"
            + " (budget nodes: 1)").isLessThanOrEqualTo(1);
        assertThat(now).as("instances of the drift NodePool").hasSize(NODES)
            .allSatisfy(i -> assertThat(i.imageId()).as("AMI of " + i.instanceId()).isEqualTo(newAmi));
        assertThat(DisruptionIT.names(scene.claimsOf(POOL))).as("NodeClaims of the drift NodePool: none of before")
            .hasSize(NODES).doesNotContainAnyElementsOf(oldClaims);
        assertThat(scene.watch.disruptedClaims(POOL)).as("NodeClaims of the drift NodePool seen disrupting")
            .containsAll(oldClaims);
        Map<String, String> states = scene.allInstances().stream()
            .collect(Collectors.toMap(Instance::instanceId, i -> i.state().nameAsString()));
        assertThat(oldInstances.keySet().stream().map(states::get)).as("old instances of the drift NodePool")
            .allMatch(s -> "terminated".equals(s) || "shutting-down".equals(s));
        assertThat(scene.observer.statusChanges().stream().filter(s -> s.phase() == NodeClaimPhase.TERMINATED)
            .map(s -> s.nodeClaimName()).collect(Collectors.toSet())).as("TERMINATED status records").containsAll(oldClaims);
        assertDriftEvents(oldClaims);
        assertNoNodeClaimLaunchedTwice();
        assertNothingLeftWithAFinalizerAndNoInstance(states);
        assertThat(scene.podsOf(APP)).as("pods of " + APP).hasSize(PODS).allMatch(DisruptionScene::isBound);
        assertThat(scene.podsOf("forge-app")).as("pods of forge-app").allMatch(DisruptionScene::isBound);
        assertThat(scene.podsOf("keeper")).as("the do-not-disrupt pod").allMatch(DisruptionScene::isBound);
        assertThat(sandbox.isAlive("consolidator") && sandbox.pid("consolidator") != consolidatorPid)
            .as("a new consolidator runs").isTrue();
        assertThat(sandbox.isAlive("launcher") && sandbox.pid("launcher") != launcherPid).as("a new launcher runs").isTrue();
    }

    /**
     * kubectl describe nodeclaim: a replacement says {@code DisruptionLaunching} "Launching NodeClaim: Drifted", a
     * replaced NodeClaim {@code DisruptionTerminating} "Disrupting NodeClaim: Drifted" (events are written
     * asynchronously; a kill -9 may lose one in flight, so some, not each).
     */
    private void assertDriftEvents(Set<String> oldClaims) {
        var kube = sandbox.kube();
        Set<String> replacements = DisruptionIT.names(scene.claimsOf(POOL));
        List<io.fabric8.kubernetes.api.model.Event> launching = DescribedEvents.withReason(kube, null,
            "DisruptionLaunching");
        List<io.fabric8.kubernetes.api.model.Event> terminating = DescribedEvents.withReason(kube, null,
            "DisruptionTerminating");
        System.out.printf("e2e disruption [drift events] DisruptionLaunching:%n%s%n", DescribedEvents.table(launching));
        assertThat(launching).as("DisruptionLaunching events on the drift replacements %s", replacements)
            .anySatisfy(e -> {
                assertThat(replacements).contains(e.getInvolvedObject().getName());
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("NodeClaim");
                assertThat(e.getMessage()).isEqualTo("Launching NodeClaim: Drifted");
            });
        assertThat(terminating).as("DisruptionTerminating events on the replaced NodeClaims %s", oldClaims)
            .anySatisfy(e -> {
                assertThat(oldClaims).contains(e.getInvolvedObject().getName());
                assertThat(e.getMessage()).isEqualTo("Disrupting NodeClaim: Drifted");
            });
    }

    /** Publishes the next AL2023 release in the EC2 simulator ({@code POST /_sim/images}); its x86_64 AMI id. */
    private String publishAmi() {
        new SimulatorControl(sandbox.ec2Endpoint()).publishNextAmi();
        return sandbox.ec2().describeImages(q -> q.owners("amazon").filters(
                f -> f.name("name").values("amazon-eks-node-al2023-x86_64-standard-*")))
            .images().stream().max(Comparator.comparing(Image::creationDate)).orElseThrow().imageId();
    }

    private boolean allReplaced(String newAmi) {
        List<Instance> instances = scene.instancesOf(POOL);
        List<NodeClaim> claims = scene.claimsOf(POOL);
        return instances.size() == NODES && instances.stream().allMatch(i -> newAmi.equals(i.imageId()))
            && claims.size() == NODES && claims.stream().noneMatch(DisruptionWatch::disrupting)
            && scene.nodesOf(POOL).size() == NODES && scene.readyPods(APP) == PODS;
    }

    private List<NodeClaimLaunch> driftLaunches() {
        return scene.observer.launches().values().stream()
            .filter(l -> POOL.equals(l.nodePool()) && "DRIFTED".equals(l.reason().name())).toList();
    }

    private NodeClaimLaunch awaitDriftLaunch(Set<String> not, Duration timeout) {
        NodeClaimLaunch[] found = {null};
        boolean ok = poll(timeout, 100, () -> {
            scene.observer.drain();
            found[0] = driftLaunches().stream().filter(l -> !not.contains(l.nodeClaimName())).findFirst().orElse(null);
            return found[0] != null;
        });
        assertThat(ok).as("a replacement launch (reason DRIFTED) of the drift NodePool besides " + not + " within "
            + timeout).isTrue();
        return found[0];
    }

    /** Every instance EC2 ever launched, by its NodeClaim tag: one each (a second would be a second launch). */
    private void assertNoNodeClaimLaunchedTwice() {
        Map<String, List<String>> byClaim = new TreeMap<>();
        List<NodeClaim> claimsNow = scene.sandbox.kube().resources(NodeClaim.class).list().getItems();
        scene.allInstances().stream().filter(i -> Observer.nodeClaimOf(i, claimsNow) != null)
            .forEach(i -> byClaim.computeIfAbsent(Observer.nodeClaimOf(i, claimsNow), k -> new ArrayList<>())
                .add(i.instanceId() + "/" + i.state().nameAsString()));
        assertThat(byClaim).as("instances per NodeClaim, every state").allSatisfy((claim, ids) ->
            assertThat(ids).as("instances of NodeClaim " + claim).hasSize(1));
    }

    /** A NodeClaim or Node holding the termination finalizer has an instance that is pending or running. */
    private void assertNothingLeftWithAFinalizerAndNoInstance(Map<String, String> states) {
        List<String> orphans = new ArrayList<>();
        for (NodeClaim c : sandbox.kube().resources(NodeClaim.class).list().getItems()) {
            String id = c.getStatus() == null ? null : DisruptionScene.instanceId(c.getStatus().getProviderID());
            if (c.getMetadata().getFinalizers().contains(DisruptionKeys.TERMINATION_FINALIZER) && id != null
                && !live(states.get(id))) {
                orphans.add("NodeClaim " + c.getMetadata().getName() + " (" + id + " " + states.get(id) + ")");
            }
        }
        for (Node n : sandbox.kube().nodes().list().getItems()) {
            String id = DisruptionScene.instanceId(n.getSpec().getProviderID());
            if (n.getMetadata().getFinalizers().contains(DisruptionKeys.TERMINATION_FINALIZER) && !live(states.get(id))) {
                orphans.add("Node " + n.getMetadata().getName() + " (" + id + " " + states.get(id) + ")");
            }
        }
        assertThat(orphans).as("NodeClaims and Nodes with finalizer " + DisruptionKeys.TERMINATION_FINALIZER
            + " whose instance is gone").isEmpty();
    }

    private static boolean live(String state) {
        return "pending".equals(state) || "running".equals(state);
    }

    /**
     * The EC2 simulator's request log ({@code GET /_sim/requests}): no instance named by two successful
     * TerminateInstances calls, no NodeClaim launched by CreateFleet calls with two different ClientTokens (the same
     * token again is a retry EC2 answers without launching).
     */
    static void assertEc2SawEachTerminationAndLaunchOnce(DisruptionScene scene) {
        List<JsonNode> requests = new SimulatorControl(scene.sandbox.ec2Endpoint()).requests(null);
        Map<String, Integer> terminations = new TreeMap<>();
        Map<String, Set<String>> tokens = new TreeMap<>();
        Pattern tagKey = Pattern.compile("TagSpecification\\.(\\d+)\\.Tag\\.(\\d+)\\.Key");
        for (JsonNode q : requests) {
            if (q.path("httpStatus").asInt() != 200) {
                continue;
            }
            JsonNode params = q.path("parameters");
            Map<String, String> p = new HashMap<>();
            params.fields().forEachRemaining(f -> p.put(f.getKey(), f.getValue().asText()));
            if ("TerminateInstances".equals(q.path("action").asText())) {
                p.forEach((k, v) -> {
                    if (k.startsWith("InstanceId.")) {
                        terminations.merge(v, 1, Integer::sum);
                    }
                });
            } else if ("CreateFleet".equals(q.path("action").asText())) {
                p.forEach((k, v) -> {
                    Matcher m = tagKey.matcher(k);
                    if (m.matches() && DisruptionScene.NODECLAIM_TAG.equals(v)) {
                        String claim = p.get("TagSpecification." + m.group(1) + ".Tag." + m.group(2) + ".Value");
                        tokens.computeIfAbsent(claim, c -> new TreeSet<>()).add(p.get("ClientToken"));
                    }
                });
            }
        }
        System.out.printf("e2e disruption [ec2] TerminateInstances per instance %s; CreateFleet ClientTokens per"
            + " NodeClaim %s%n", terminations, tokens);
        assertThat(terminations).as("successful TerminateInstances calls per instance").allSatisfy((id, n) ->
            assertThat(n).as("TerminateInstances of " + id).isEqualTo(1));
        assertThat(tokens).as("ClientTokens of successful CreateFleet calls per NodeClaim").allSatisfy((claim, t) ->
            assertThat(t).as("ClientTokens of NodeClaim " + claim).hasSize(1));
    }
}
