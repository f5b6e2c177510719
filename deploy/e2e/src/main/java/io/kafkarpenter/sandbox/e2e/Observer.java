package io.kafkarpenter.sandbox.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.nodeview.NodePrices;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.reasons.ReasonCategory;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Watches what the system does, from the outside: pods (pending, bound, and when), NodeClaims, Nodes and EC2
 * instances, and the topics (launch decisions, NodeClaim status, pod outcomes on {@code kk.decisions}). Polled by
 * the driver; nothing here changes the system.
 */
public final class Observer implements AutoCloseable {

    /** One look at the cluster and the cloud. */
    public record Snapshot(int pods, int bound, int pending, int nodeClaims, int nodes, List<Instance> instances) {
    }

    private final Sandbox sandbox;
    private final Workloads workloads;
    private final KafkaConsumer<String, byte[]> consumer;
    private Admin admin;
    private final Map<String, Instant> boundSeenAt = new ConcurrentHashMap<>();
    /** pod uid → the latest outcome the provisioner (or pod-watcher) gave it. */
    private final LatestPodOutcomes outcomes = new LatestPodOutcomes();
    /** namespace/name → NodeClaim names whose launch carried it (in order). */
    private final Map<String, List<String>> claimsOfPod = new HashMap<>();
    private final Map<String, NodeClaimLaunch> launches = new LinkedHashMap<>();
    /** Every record read from kk.nodeclaims.status, in the order read. */
    private final List<NodeClaimStatusChange> statusChanges = new ArrayList<>();
    /** Every record read from kk.decisions (any service), in the order read. */
    private final List<DecisionRecord> decisions = new ArrayList<>();
    private final Map<String, Instant> launchedAt = new HashMap<>();
    /** namespace/name → when this observer's pod watch first saw it marked Unschedulable by kube-scheduler. */
    private final Map<String, Instant> markedPendingAt = new ConcurrentHashMap<>();
    /** NodeClaim name → when EC2 handled the CreateFleet call that launched its instance (the instance's launch time). */
    private final Map<String, Instant> createFleetCalledAt = new HashMap<>();
    /** namespace/name → when pod-watcher saw it pending (from its record on kk.pods.pending). */
    private final Map<String, Instant> seenByPodWatcherAt = new HashMap<>();
    private final SharedIndexInformer<Pod> podInformer;
    private final Map<String, Integer> vcpus = new HashMap<>();

    public Observer(Sandbox sandbox, Workloads workloads) {
        this.sandbox = sandbox;
        this.workloads = workloads;
        Properties props = sandbox.adminClientProperties(); // the broker's super user: reads every topic
        props.put("group.id", "kk-observer-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.DECISIONS, Topics.NODECLAIMS_LAUNCH, Topics.NODECLAIMS_STATUS,
            Topics.PODS_PENDING));
        for (CatalogEntry e : BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1)) {
            vcpus.put(e.name(), e.vcpu());
        }
        // an informer, not a list per look: the timestamps come from its events, the counts from its cache
        podInformer = sandbox.kube().pods().inNamespace(Sandbox.NAMESPACE).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                record(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                record(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                // counts come from the cache
            }
        });
    }

    private void record(Pod pod) {
        Instant now = Instant.now();
        if (isBound(pod)) {
            boundSeenAt.putIfAbsent(key(pod), now);
        } else if (PodViews.isProvisionable(pod)) {
            markedPendingAt.putIfAbsent(key(pod), now);
        }
    }

    /** Reads everything that arrived on the topics (at most ~5 s of it), without looking at the cluster or EC2. */
    public void drain() {
        Instant deadline = Instant.now().plusSeconds(5);
        while (drainTopics(Duration.ofMillis(100)) > 0 && Instant.now().isBefore(deadline)) {
            // a poll returns at most max.poll.records: go on until one comes back empty
        }
    }

    /** Reads what arrived on the topics and looks at the cluster and EC2. */
    public Snapshot look() {
        drainTopics(Duration.ofMillis(100));
        Instant now = Instant.now();
        List<Pod> pods = pods();
        int bound = 0;
        for (Pod p : pods) {
            if (isBound(p)) {
                bound++;
                boundSeenAt.putIfAbsent(key(p), now);
            }
        }
        List<Instance> instances = instances();
        List<NodeClaim> claims = sandbox.kube().resources(NodeClaim.class).list().getItems();
        for (Instance i : instances) {
            String claim = nodeClaimOf(i, claims);
            if (claim != null && i.launchTime() != null) {
                createFleetCalledAt.putIfAbsent(claim, i.launchTime());
            }
        }
        return new Snapshot(pods.size(), bound, pods.size() - bound,
            claims.size(),
            sandbox.kube().nodes().list().getItems().size(), instances);
    }

    public List<Pod> pods() {
        return podInformer.getStore().list();
    }

    public List<Node> nodes() {
        return sandbox.kube().nodes().list().getItems();
    }

    /** Instances of this cluster that are pending or running. */
    public List<Instance> instances() {
        List<Instance> out = new ArrayList<>();
        sandbox.ec2().describeInstancesPaginator(DescribeInstancesRequest.builder().build()).reservations()
            .forEach(r -> r.instances().stream()
                .filter(i -> i.state() != null && ("pending".equals(i.state().nameAsString())
                    || "running".equals(i.state().nameAsString())))
                .forEach(out::add));
        return out;
    }

    public static String tag(Instance i, String key) {
        return i.tags().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    /**
     * The NodeClaim of an instance: its {@code karpenter.sh/nodeclaim} tag, or — for an instance of a merged
     * CreateFleet, which the tag-reconciler tags only once its Node registered, as Karpenter does — the NodeClaim
     * whose providerID it is; null when neither says.
     */
    public static String nodeClaimOf(Instance i, java.util.Collection<NodeClaim> claims) {
        String tag = tag(i, "karpenter.sh/nodeclaim");
        return tag != null ? tag : claims.stream().filter(c -> c.getStatus() != null
                && c.getStatus().getProviderID() != null && c.getStatus().getProviderID().endsWith("/" + i.instanceId()))
            .map(c -> c.getMetadata().getName()).findFirst().orElse(null);
    }

    /** The built-in catalog's on-demand price (the node view's {@link NodePrices}), 0 for an unknown type. */
    public double pricePerHour(String instanceType) {
        return NodePrices.builtIn().perHour(instanceType, null).orElse(0);
    }

    public int vcpu(String instanceType) {
        return vcpus.getOrDefault(instanceType, 0);
    }

    /** One poll; returns how many records it read. */
    private int drainTopics(Duration wait) {
        var records = consumer.poll(wait);
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.value() == null) {
                continue;
            }
            try {
                switch (r.topic()) {
                    case Topics.DECISIONS -> {
                        DecisionRecord d = EventJson.read(r.value(), DecisionRecord.class);
                        decisions.add(d);
                        outcomes.record(d);
                    }
                    case Topics.NODECLAIMS_LAUNCH -> {
                        NodeClaimLaunch l = EventJson.read(r.value(), NodeClaimLaunch.class);
                        launches.putIfAbsent(l.nodeClaimName(), l);
                        l.pods().forEach(p -> claimsOfPod.computeIfAbsent(p.namespace() + "/" + p.name(),
                            k -> new ArrayList<>()).add(l.nodeClaimName()));
                    }
                    case Topics.NODECLAIMS_STATUS -> {
                        NodeClaimStatusChange s = EventJson.read(r.value(), NodeClaimStatusChange.class);
                        statusChanges.add(s);
                        if (s.phase() == NodeClaimPhase.LAUNCHED) {
                            launchedAt.putIfAbsent(s.nodeClaimName(), s.at());
                        }
                    }
                    case Topics.PODS_PENDING -> {
                        PendingPod p = EventJson.read(r.value(), PendingPod.class);
                        seenByPodWatcherAt.putIfAbsent(p.pod().namespace() + "/" + p.pod().name(), p.observedAt());
                    }
                    default -> { }
                }
            } catch (RuntimeException e) {
                // not ours to judge here
            }
        }
        return records.count();
    }

    /** Created → bound per bound pod, in milliseconds. */
    public List<Long> createdToBoundMillis() {
        return millisPerPod(workloads.createdAt(), boundSeenAt::get);
    }

    /** Marked pending (kube-scheduler's Unschedulable, as this observer's watch saw it) → bound, in milliseconds. */
    public List<Long> pendingToBoundMillis() {
        return millisPerPod(markedPendingAt, boundSeenAt::get);
    }

    /**
     * Marked pending → the CreateFleet call that launched the first NodeClaim carrying the pod (the instance's launch
     * time, set by EC2 when it handles the call), per pod, in milliseconds. Pods that fit capacity already in flight
     * or on a node are not counted: no CreateFleet call was made for them.
     */
    public List<Long> pendingToCreateFleetMillis() {
        return millisPerPod(markedPendingAt, this::firstCreateFleetCall);
    }

    /** Like {@link #pendingToCreateFleetMillis()}, from the pod's creation (kube-scheduler's pace included). */
    public List<Long> createdToCreateFleetMillis() {
        return millisPerPod(workloads.createdAt(), this::firstCreateFleetCall);
    }

    /** When the pods were marked pending: first and last (null when none was seen). */
    public Instant[] pendingSpan() {
        return markedPendingAt.isEmpty() ? null : new Instant[] {
            Collections.min(markedPendingAt.values()), Collections.max(markedPendingAt.values())};
    }

    /** How many pods with this label the observer's informer has seen bound. */
    public long boundWithLabel(String key, String value) {
        return pods().stream().filter(p -> p.getMetadata().getLabels() != null
            && value.equals(p.getMetadata().getLabels().get(key)) && isBound(p)).count();
    }

    /** The pod marked pending last, or null. */
    public String lastPendingPod() {
        return markedPendingAt.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** When pod-watcher saw the pod pending, or null. */
    public Instant seenByPodWatcher(String pod) {
        return seenByPodWatcherAt.get(pod);
    }

    /** The first CreateFleet call after {@code after}, or null. */
    public Instant firstCreateFleetCallAfter(Instant after) {
        return createFleetCalledAt.values().stream().filter(at -> !at.isBefore(after)).min(Instant::compareTo).orElse(null);
    }

    private Instant firstCreateFleetCall(String pod) {
        return claimsOfPod.getOrDefault(pod, List.of()).stream().map(createFleetCalledAt::get)
            .filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(null);
    }

    private static List<Long> millisPerPod(Map<String, Instant> from, java.util.function.Function<String, Instant> to) {
        List<Long> out = new ArrayList<>();
        from.forEach((pod, start) -> {
            Instant end = to.apply(pod);
            if (end != null) {
                out.add(Duration.between(start, end).toMillis());
            }
        });
        Collections.sort(out);
        return out;
    }

    /** The latest provisioning outcome of each pod still pending, grouped by message. */
    public Map<String, Integer> pendingReasons() {
        Map<String, Integer> out = new TreeMap<>();
        for (Pod p : pods()) {
            if (p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()) {
                continue;
            }
            PodOutcome o = outcomes.of(p.getMetadata().getUid());
            String why = o == null ? "(no decision yet)"
                : o.reason().code() + ": " + (o.message() == null ? "" : o.message());
            out.merge(why, 1, Integer::sum);
        }
        return out;
    }

    /** The latest outcome of a pod, if any. */
    public PodOutcome outcome(String uid) {
        return outcomes.of(uid);
    }

    public boolean pendingPodsAllExplainedBy(ReasonCategory category) {
        return pods().stream().filter(p -> p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())
            .allMatch(p -> outcomes.of(p.getMetadata().getUid()) != null
                && outcomes.of(p.getMetadata().getUid()).reason().category() == category);
    }

    public Map<String, NodeClaimLaunch> launches() {
        return launches;
    }

    /** The records read so far from {@code kk.nodeclaims.status} (read by {@link #look()} and {@link #drain()}). */
    public List<NodeClaimStatusChange> statusChanges() {
        return Collections.unmodifiableList(statusChanges);
    }

    /** The records read so far from {@code kk.decisions}, of every service. */
    public List<DecisionRecord> decisions() {
        return Collections.unmodifiableList(decisions);
    }

    /**
     * How many records of the topic the consumer group has not committed yet (end offset minus committed offset,
     * summed over the partitions; a partition without a committed offset counts from offset 0). A service's
     * channel commits every few seconds, so 0 means "worked off" a few seconds late.
     */
    public long consumerLag(String groupId, String topic) {
        try {
            if (admin == null) {
                admin = Admin.create(sandbox.adminClientProperties());
            }
            Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                var c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of " + groupId + " on " + topic + ": " + e, e);
        }
    }

    public static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    private static boolean isBound(Pod p) {
        return p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
    }

    @Override
    public void close() {
        podInformer.close();
        consumer.close();
        if (admin != null) {
            admin.close();
        }
    }
}
