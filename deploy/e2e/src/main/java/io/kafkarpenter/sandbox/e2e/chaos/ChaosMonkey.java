package io.kafkarpenter.sandbox.e2e.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.sandbox.e2e.Observer;
import io.kafkarpenter.sandbox.e2e.Sandbox;
import io.kafkarpenter.sandbox.e2e.SimulatorControl;
import io.kafkarpenter.sandbox.e2e.Workloads;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Plays a {@link ChaosPlan}: one thread per lane, each action at its offset (later if the lane is still busy with the
 * one before, e.g. a restart waiting for readiness). Everything it injects goes into the {@link ChaosLedger}.
 */
public final class ChaosMonkey {

    /** Instance types the provisioner picks for the chaos workloads when none is running yet (ICE targets). */
    private static final List<String> LIKELY_TYPES = List.of("c6a.large", "c7a.large", "m6a.large", "c6a.xlarge",
        "c7i-flex.large", "m7a.large");
    private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    /** The topics malformed records go to, and who reads them (the DLQ the record should end on). */
    private static final List<String> MALFORMED_TOPICS = List.of(Topics.PODS_PENDING, Topics.NODECLAIMS_LAUNCH,
        Topics.NODECLAIMS_STATUS);

    /** How long an action waits for something to act on (a node, a spot instance) before it is skipped. */
    private static final Duration PICK_PATIENCE = Duration.ofSeconds(45);

    private final Sandbox sandbox;
    private final Workloads workloads;
    private final Map<String, Deployment> deployments;
    private final SimulatorControl simulator;
    private final ChaosLedger ledger;
    /** Called after each wave scaled the Deployments: (wave number, the wave action). */
    private final BiConsumer<Integer, ChaosPlan.Action> onWave;
    private final List<Thread> lanes = new ArrayList<>();
    private int waves;
    private int malformed;

    public ChaosMonkey(Sandbox sandbox, Workloads workloads, Map<String, Deployment> deployments, ChaosLedger ledger,
                       BiConsumer<Integer, ChaosPlan.Action> onWave) {
        this.sandbox = sandbox;
        this.workloads = workloads;
        this.deployments = deployments;
        this.simulator = new SimulatorControl(sandbox.ec2Endpoint());
        this.ledger = ledger;
        this.onWave = onWave;
    }

    /** Starts both lanes; {@link #await} waits for them. */
    public void play(ChaosPlan plan, Instant start) {
        for (ChaosPlan.Lane lane : ChaosPlan.Lane.values()) {
            Thread t = new Thread(() -> run(plan.lane(lane), start), "chaos-" + lane.name().toLowerCase());
            t.setDaemon(true);
            lanes.add(t);
            t.start();
        }
    }

    /** Whether a lane still has actions to play. */
    public boolean playing() {
        return lanes.stream().anyMatch(Thread::isAlive);
    }

    private void run(List<ChaosPlan.Action> actions, Instant start) {
        for (ChaosPlan.Action a : actions) {
            long wait = Duration.between(Instant.now(), start.plus(a.at())).toMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                act(a);
            } catch (RuntimeException e) {
                ledger.say("action failed (" + a.describe().trim() + "): " + e);
                ledger.tally("actions failed");
            }
        }
    }

    private void act(ChaosPlan.Action a) {
        Random random = new Random(a.choiceSeed());
        switch (a.kind()) {
            case KILL -> kill(a.services(), random);
            case BROKER_RESTART -> {
                ledger.killed("kafka");
                ledger.fault("broker restart", "SIGKILL kafka, same port and data directory");
                sandbox.restartKafka();
                ledger.ready("kafka");
                ledger.faultEnded();
            }
            case WAVE -> wave(a);
            case EC2_FAULT -> ec2Fault(a.fault(), random);
            case CLEAR_FAULTS -> {
                simulator.faults("");
                ledger.faultEnded();
                ledger.say("ec2 faults cleared");
            }
            case INTERRUPT -> interrupt(random);
            case DELETE_NODE -> deleteNode(random);
            case DELETE_NODECLAIM -> deleteNodeClaim(random);
            case MALFORMED -> sendMalformed();
        }
    }

    private void kill(List<String> services, Random random) {
        for (String s : services) {
            ledger.killed(s);
            sandbox.kill(s);
            ledger.fault("kill", s + " (SIGKILL)");
        }
        // restarts in the kill order, after 0-3 s
        try {
            Thread.sleep(random.nextInt(3000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (String s : services) {
            sandbox.restart(s);
            ledger.ready(s);
            ledger.tally("restart");
            ledger.say("restarted " + s + " (ready)");
        }
    }

    private void wave(ChaosPlan.Action a) {
        waves++;
        workloads.scale(deployments.get("web"), a.web());
        workloads.scale(deployments.get("batch"), a.batch());
        ledger.tally("wave");
        ledger.say("wave " + waves + ": web -> " + a.web() + ", batch -> " + a.batch());
        onWave.accept(waves, a);
    }

    private void ec2Fault(ChaosPlan.Ec2Fault fault, Random random) {
        String spec = switch (fault) {
            case INSUFFICIENT_CAPACITY -> insufficientCapacity(random);
            case THROTTLE -> "throttle: {calls: 4, actions: [CreateFleet, TerminateInstances]}\n";
            case PARTIAL_FLEET -> "maxInstancesPerFleet: 1\n";
            case LATENCY -> "latency: PT0.2S\nactionLatency: {CreateFleet: PT2S}\n";
            case API_ERRORS -> """
                failures:
                  - {action: CreateFleet, code: InternalError, status: 500, calls: 2}
                  - {action: TerminateInstances, code: InternalError, status: 500, calls: 2}
                """;
        };
        simulator.faults(spec);
        ledger.fault("ec2 " + fault.name().toLowerCase().replace('_', ' '), spec.trim().replace('\n', ' '));
    }

    /** Two or three capacity pools (type, zone, capacity type) of types running now (or likely) answer ICE. */
    private String insufficientCapacity(Random random) {
        List<String> types = new ArrayList<>(running().stream().map(Instance::instanceTypeAsString).distinct()
            .sorted().toList());
        if (types.isEmpty()) {
            types.addAll(LIKELY_TYPES);
        }
        StringBuilder spec = new StringBuilder("insufficientCapacity:\n");
        int pools = 2 + random.nextInt(2);
        for (int i = 0; i < pools; i++) {
            spec.append("  - {instanceType: ").append(types.get(random.nextInt(types.size())))
                .append(", zone: ").append(ZONES.get(random.nextInt(ZONES.size())))
                .append(", capacityType: ").append(random.nextBoolean() ? "spot" : "on-demand").append("}\n");
        }
        return spec.toString();
    }

    private void interrupt(Random random) {
        Instance victim = pick("spot interruption", random, () -> running().stream()
            .filter(i -> "spot".equals(i.instanceLifecycleAsString()) && Observer.tag(i, "karpenter.sh/nodeclaim") != null)
            .toList());
        if (victim == null) {
            return;
        }
        ledger.involuntaryInstance(victim.instanceId());
        ledger.involuntaryClaim(Observer.tag(victim, "karpenter.sh/nodeclaim"));
        ledger.involuntaryNode(nodeOf(victim.instanceId()));
        try {
            simulator.interrupt(victim.instanceId(), "spot");
        } catch (IllegalStateException e) {
            // picked while running, terminated since (a consolidation, the GC): EC2 sends no warning any more
            ledger.say("spot interruption of " + victim.instanceId() + " refused, skipped: " + e.getMessage());
            ledger.tally("actions skipped");
            return;
        }
        ledger.loss();
        ledger.fault("spot interruption", victim.instanceId() + " (" + Observer.tag(victim, "karpenter.sh/nodeclaim")
            + ")");
    }

    private void deleteNode(Random random) {
        Node victim = pick("delete node", random, () -> sandbox.kube().nodes().list().getItems().stream()
            .filter(n -> n.getMetadata().getLabels() != null
                && n.getMetadata().getLabels().containsKey("karpenter.sh/nodepool"))
            .filter(n -> n.getMetadata().getDeletionTimestamp() == null).toList());
        if (victim == null) {
            return;
        }
        String name = victim.getMetadata().getName();
        ledger.involuntaryNode(name);
        sandbox.kube().resources(NodeClaim.class).list().getItems().stream()
            .filter(c -> c.getStatus() != null && name.equals(c.getStatus().getNodeName()))
            .forEach(c -> ledger.involuntaryClaim(c.getMetadata().getName()));
        sandbox.kube().nodes().withName(name).delete();
        ledger.loss();
        ledger.fault("node deleted out of band", name);
    }

    private void deleteNodeClaim(Random random) {
        NodeClaim victim = pick("delete nodeclaim", random, () -> sandbox.kube().resources(NodeClaim.class).list()
            .getItems().stream().filter(c -> c.getMetadata().getDeletionTimestamp() == null).toList());
        if (victim == null) {
            return;
        }
        ledger.involuntaryClaim(victim.getMetadata().getName());
        if (victim.getStatus() != null) {
            ledger.involuntaryNode(victim.getStatus().getNodeName());
        }
        sandbox.kube().resources(NodeClaim.class).withName(victim.getMetadata().getName()).delete();
        ledger.loss();
        ledger.fault("nodeclaim deleted out of band", victim.getMetadata().getName());
    }

    /**
     * One of the candidates, at random; when there is none yet (e.g. no node while the launcher restarts), looks again
     * every 3 s for up to {@link #PICK_PATIENCE}, then skips the action (said in the log, counted).
     */
    private <T> T pick(String action, Random random, java.util.function.Supplier<List<T>> candidates) {
        Instant deadline = Instant.now().plus(PICK_PATIENCE);
        while (true) {
            List<T> now = candidates.get();
            if (!now.isEmpty()) {
                return now.get(random.nextInt(now.size()));
            }
            if (Instant.now().isAfter(deadline)) {
                ledger.say(action + ": nothing to pick for " + PICK_PATIENCE.toSeconds() + " s, skipped");
                ledger.tally("actions skipped");
                return null;
            }
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * A non-JSON record on each topic a service consumes with a dead-letter queue. The broker may be restarting (the
     * processes lane): the producer waits up to a minute for it.
     */
    private void sendMalformed() {
        Properties props = sandbox.adminClientProperties();
        props.put("acks", "all");
        props.put("max.block.ms", "60000");
        props.put("delivery.timeout.ms", "90000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
            new StringSerializer())) {
            for (String topic : MALFORMED_TOPICS) {
                String value = "chaos-malformed-" + (++malformed) + " {not json";
                ledger.malformed(value);
                producer.send(new ProducerRecord<>(topic, "chaos-malformed-" + malformed, value))
                    .get(100, TimeUnit.SECONDS);
            }
            ledger.fault("malformed records", MALFORMED_TOPICS.size() + " on " + MALFORMED_TOPICS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send the malformed records: " + e, e);
        }
    }

    private List<Instance> running() {
        List<Instance> out = new ArrayList<>();
        sandbox.ec2().describeInstancesPaginator(r -> { }).reservations().forEach(r -> r.instances().stream()
            .filter(i -> i.state() != null && "running".equals(i.state().nameAsString())).forEach(out::add));
        return out;
    }

    private String nodeOf(String instanceId) {
        return sandbox.kube().nodes().list().getItems().stream()
            .filter(n -> n.getSpec().getProviderID() != null && n.getSpec().getProviderID().endsWith("/" + instanceId))
            .map(n -> n.getMetadata().getName()).findFirst().orElse(null);
    }
}
