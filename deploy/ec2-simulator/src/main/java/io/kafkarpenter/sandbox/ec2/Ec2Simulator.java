package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Instance;
import io.kafkarpenter.sandbox.ec2.Resources.LaunchTemplate;
import io.kafkarpenter.sandbox.ec2.Resources.Subnet;
import io.kafkarpenter.sandbox.iam.IamUsage;
import io.kafkarpenter.sandbox.iam.StatementRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An EC2 endpoint for the unmodified AWS SDK v2 {@code Ec2Client} ({@code endpointOverride(simulator.endpoint())}):
 * the EC2 Query protocol (form-encoded {@code POST /}, XML answers, EC2 error XML) over the JDK's HTTP server.
 *
 * <pre>{@code
 * try (Ec2Simulator ec2 = Ec2Simulator.start(Ec2SimulatorConfig.builder().instantTransitions().build())) {
 *     ec2.faults().insufficientCapacity("m5.large", "us-east-1a", "on-demand");
 *     Ec2Client client = Ec2Client.builder().endpointOverride(ec2.endpoint())...build();
 * }
 * }</pre>
 *
 * On the same port it serves the EKS API (REST-JSON: DescribeCluster, ListTagsForResource, TagResource,
 * UntagResource) and the IAM instance-profile API (query protocol, {@code Version=2010-05-08}); see DESIGN.md.
 * Besides the AWS calls it serves {@code GET /_sim/health}, {@code GET /_sim/instances} (JSON),
 * {@code GET /_sim/requests[?action=A]} (the request log, JSON), {@code GET|PUT /_sim/faults} (YAML or JSON
 * {@link FaultsSpec}), {@code GET|PUT /_sim/request-limits} ({@link RequestLimitsSpec}, answered with the counts) and
 * {@code GET|POST /_sim/images} (list, or publish the YAML or JSON {@link ImageSpec}; an empty
 * body publishes the next AL2023 release) for the demo and other processes.
 */
public final class Ec2Simulator implements AutoCloseable {
    private final Ec2SimulatorConfig config;
    private final Faults faults;
    private final RequestLimits requestLimits;
    private final Ec2State state;
    private final Images images;
    private final RequestLog log = new RequestLog();
    private final IamGate iam;
    private final SqsQueues sqs;
    private final Interruptions interruptions;
    private final HttpFrontEnd http;

    private Ec2Simulator(Ec2SimulatorConfig config) throws IOException {
        this.config = config;
        this.faults = new Faults(config.clock());
        this.requestLimits = new RequestLimits(config.clock(), config.requestLimits());
        this.state = new Ec2State(config, faults, InstanceTypeCatalog.load(config.catalogFile()));
        this.images = new Images(state);
        config.images().forEach(images::publish);
        this.iam = new IamGate(config);
        this.sqs = new SqsQueues(config.clock(), java.util.List.of(config.interruptionQueue()));
        this.interruptions = new Interruptions(state, sqs, config, faults);
        try {
            this.http = new HttpFrontEnd(this, state, faults, log, iam, sqs);
        } catch (IOException | RuntimeException e) {
            iam.close();
            throw e;
        }
    }

    /** Starts a simulator; with port 0 it picks a free port (see {@link #endpoint()}). */
    public static Ec2Simulator start(Ec2SimulatorConfig config) {
        try {
            return new Ec2Simulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the EC2 simulator on " + config.host() + ":" + config.port(), e);
        }
    }

    public static Ec2Simulator start() {
        return start(Ec2SimulatorConfig.defaults());
    }

    /** {@code http://127.0.0.1:<port>}: pass it to {@code Ec2Client.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    public int port() {
        return http.port();
    }

    public Ec2SimulatorConfig config() {
        return config;
    }

    public Faults faults() {
        return faults;
    }

    /** EC2's request limits (token buckets per action; off unless enabled), and the calls and throttled calls counted. */
    public RequestLimits requestLimits() {
        return requestLimits;
    }

    /** The AMIs: publish a newer AL2023 release (AMI drift), list them, find what {@code al2023@latest} resolves to. */
    public Images images() {
        return images;
    }

    @Override
    public void close() {
        http.close();
        iam.close();
    }

    // ---------------------------------------------------------------- IAM policy evaluation

    /**
     * The policy statements that allowed a call of this simulator so far (with {@code iam.enforce}; empty otherwise).
     * With {@code iam.usageDir} they are also in a {@code .used} file there ({@link IamUsage#read(java.nio.file.Path)}).
     */
    public Set<StatementRef> iamUsage() {
        return iam.used();
    }

    /** The {@code .used} file this simulator writes, or null without {@code iam.usageDir} (or without enforcement). */
    public java.nio.file.Path iamUsageFile() {
        return iam.usageFile();
    }

    // ---------------------------------------------------------------- looking at the state

    /** Every instance EC2 would still describe, in launch order, with states as of now. */
    public List<InstanceSnapshot> instances() {
        synchronized (state) {
            state.refresh();
            List<InstanceSnapshot> all = new ArrayList<>();
            for (Instance i : state.instances.values()) {
                all.add(state.snapshot(i));
            }
            return all;
        }
    }

    public Optional<InstanceSnapshot> instance(String instanceId) {
        synchronized (state) {
            state.refresh();
            Instance i = state.instances.get(instanceId);
            return i == null ? Optional.empty() : Optional.of(state.snapshot(i));
        }
    }

    /** The private subnet id by zone, in zone order (= {@link #privateSubnetIdsByZone()}). */
    public Map<String, String> subnetIdsByZone() {
        return privateSubnetIdsByZone();
    }

    /** The private subnet id by zone, in zone order: where nodes go. */
    public Map<String, String> privateSubnetIdsByZone() {
        return subnetIdsByZone(false);
    }

    /** The public subnet id by zone, in zone order; empty without {@code publicSubnets}. */
    public Map<String, String> publicSubnetIdsByZone() {
        return subnetIdsByZone(true);
    }

    private Map<String, String> subnetIdsByZone(boolean isPublic) {
        synchronized (state) {
            Map<String, String> byZone = new LinkedHashMap<>();
            for (Subnet s : state.subnets.values()) {
                if (s.isPublic == isPublic) {
                    byZone.putIfAbsent(s.zone, s.id);
                }
            }
            return byZone;
        }
    }

    /** Security group id by group name. */
    public Map<String, String> securityGroupIdsByName() {
        synchronized (state) {
            Map<String, String> byName = new LinkedHashMap<>();
            state.securityGroups.values().forEach(g -> byName.put(g.name, g.id));
            return byName;
        }
    }

    // ---------------------------------------------------------------- the EKS cluster and tags

    /** The {@code eks-cluster-sg-<cluster>} group: DescribeCluster's {@code clusterSecurityGroupId}. */
    public String clusterSecurityGroupId() {
        synchronized (state) {
            return state.cluster.clusterSecurityGroupId;
        }
    }

    /** {@code arn:aws:eks:<region>:<account>:cluster/<name>}. */
    public String clusterArn() {
        synchronized (state) {
            return state.cluster.arn;
        }
    }

    /** DescribeCluster's {@code resourcesVpcConfig.subnetIds} now. */
    public List<String> clusterSubnetIds() {
        synchronized (state) {
            return List.copyOf(state.cluster.subnetIds);
        }
    }

    /** The tags of an EC2 resource (by id) or of the cluster (by its ARN), as they are now. */
    public Map<String, String> tags(String resourceIdOrClusterArn) {
        synchronized (state) {
            return Map.copyOf(tagsOf(resourceIdOrClusterArn));
        }
    }

    /** Sets a tag "by hand", as the console would (not an API call: not in the request log). */
    public void putTag(String resourceIdOrClusterArn, String key, String value) {
        synchronized (state) {
            tagsOf(resourceIdOrClusterArn).put(key, value);
        }
    }

    /** Removes a tag "by hand" (not in the request log); no-op when absent. */
    public void deleteTag(String resourceIdOrClusterArn, String key) {
        synchronized (state) {
            tagsOf(resourceIdOrClusterArn).remove(key);
        }
    }

    /** The subnet leaves the cluster's {@code resourcesVpcConfig.subnetIds} (it still exists in the VPC). */
    public void removeSubnetFromCluster(String subnetId) {
        synchronized (state) {
            subnet(subnetId);
            state.cluster.subnetIds.remove(subnetId);
        }
    }

    /** The subnet (back) in the cluster's {@code resourcesVpcConfig.subnetIds}, at the end. */
    public void addSubnetToCluster(String subnetId) {
        synchronized (state) {
            subnet(subnetId);
            if (!state.cluster.subnetIds.contains(subnetId)) {
                state.cluster.subnetIds.add(subnetId);
            }
        }
    }

    private Map<String, String> tagsOf(String resourceIdOrClusterArn) {
        if (state.cluster.arn.equals(resourceIdOrClusterArn)) {
            return state.cluster.tags;
        }
        Resources.Taggable t = state.taggable(resourceIdOrClusterArn);
        if (t == null) {
            throw new IllegalArgumentException("no resource " + resourceIdOrClusterArn);
        }
        return t.tags;
    }

    // ---------------------------------------------------------------- IAM

    /** The instance profiles now, in creation order. */
    public List<InstanceProfileSnapshot> instanceProfiles() {
        synchronized (state) {
            return state.iam.profiles().stream().map(IamAccount.Profile::snapshot).toList();
        }
    }

    /** One instance profile by name (case-insensitive, as IAM compares names). */
    public Optional<InstanceProfileSnapshot> instanceProfile(String name) {
        synchronized (state) {
            return Optional.ofNullable(state.iam.profile(name)).map(IamAccount.Profile::snapshot);
        }
    }

    /** The names of the account's IAM roles ({@code nodeRoles}). */
    public List<String> roles() {
        synchronized (state) {
            return state.iam.roles().stream().map(r -> r.name).toList();
        }
    }

    public int availableIpAddressCount(String subnetId) {
        synchronized (state) {
            state.refresh();
            return state.availableIps(subnet(subnetId));
        }
    }

    /** Takes addresses of a subnet for something other than instances (other ENIs), e.g. to exhaust it. */
    public void consumeSubnetIps(String subnetId, int addresses) {
        synchronized (state) {
            Subnet s = subnet(subnetId);
            s.reservedByOthers = Math.max(0, Math.min(s.capacity, s.reservedByOthers + addresses));
        }
    }

    /** Fixes the spot price of a type in one zone (or every zone when {@code zone} is null). */
    public void spotPrice(String instanceType, String zone, double price) {
        state.spotPrices.override(instanceType, zone, price);
    }

    /** Publishes a new AMI owned by Amazon, created now; returns its id. See {@link #images()} for more. */
    public String publishImage(String name, String architecture) {
        return images.publish(name, architecture);
    }

    /** The id of the newest AMI whose name matches the EC2 wildcard pattern (e.g. {@code *al2023-arm64-standard*}). */
    public Optional<String> imageId(String namePattern) {
        synchronized (state) {
            return state.images.values().stream().filter(i -> Filter.glob(namePattern).matcher(i.name).matches())
                    .max((a, b) -> a.creationDate.compareTo(b.creationDate)).map(i -> i.id);
        }
    }

    /** Ends an instance as EC2 does on a spot interruption (or any EC2-initiated termination). */
    public void interrupt(String instanceId) {
        synchronized (state) {
            state.refresh();
            Instance i = state.instances.get(instanceId);
            if (i == null) {
                throw new IllegalArgumentException("no instance " + instanceId);
            }
            state.shutDown(i, "Server.SpotInstanceTermination", "Server.SpotInstanceTermination: Spot instance termination");
        }
    }

    /**
     * Interrupts an instance as EC2 does and puts the EventBridge event on the interruption queue (returned): a spot
     * warning terminates the instance {@code spotInterruptionDelay} later (on the clock); state changes happen now.
     */
    public String interrupt(String instanceId, InterruptionKind kind) {
        return interruptions.interrupt(instanceId, kind);
    }

    /** Draws the spot interruptions of the fault rate now (ReceiveMessage does it); returns the instances interrupted. */
    public List<String> interruptAtFaultRate() {
        return interruptions.interruptAtFaultRate();
    }

    /**
     * Sends the state-change notifications (shutting-down, then terminated) of spot-interrupted instances whose
     * shutdown has come by the clock (ReceiveMessage does it); returns the events sent.
     */
    public List<String> sendDueStateChanges() {
        return interruptions.sendDueStateChanges();
    }

    /** The SQS queue interruption events go to ({@code interruptionQueue}, default the cluster name). */
    public String interruptionQueue() {
        return config.interruptionQueue();
    }

    /** The bodies of the messages on the interruption queue now (received or not, not yet deleted), oldest first. */
    public List<String> interruptionQueueMessages() {
        return sqs.bodies(config.interruptionQueue());
    }

    /**
     * The messages on the interruption queue now (not deleted), oldest first, each with its receive count and whether
     * it is in flight (received, its visibility timeout not run out).
     */
    public List<QueuedMessage> interruptionQueueState() {
        return sqs.messages(config.interruptionQueue());
    }

    /** The last 100 messages deleted from the interruption queue, oldest first, with how often each was delivered. */
    public List<DeletedMessage> interruptionQueueDeleted() {
        return sqs.deleted(config.interruptionQueue());
    }

    /** The {@code LaunchTemplateData.*} parameters a launch template was created with (prefix stripped). */
    public Optional<Map<String, String>> launchTemplateData(String launchTemplateName) {
        synchronized (state) {
            LaunchTemplate t = state.launchTemplateByName(launchTemplateName);
            return t == null ? Optional.empty() : Optional.of(Map.copyOf(t.data.asMap()));
        }
    }

    public List<String> launchTemplateNames() {
        synchronized (state) {
            return state.launchTemplates.values().stream().map(t -> t.name).toList();
        }
    }

    // ---------------------------------------------------------------- the request log

    /** The calls answered so far (the last 10 000; EC2, EKS and IAM), oldest first. */
    public List<RecordedRequest> requests() {
        return log.all();
    }

    /** The calls of one EC2 action or EKS / IAM operation (e.g. {@code CreateFleet}, {@code TagResource}). */
    public List<RecordedRequest> requests(String action) {
        return requests().stream().filter(r -> r.action().equals(action)).toList();
    }

    public void clearRequests() {
        log.clear();
    }

    /** Called after every answered call (the process prints them; tests can count them). */
    public void onRequest(Consumer<RecordedRequest> listener) {
        log.onRequest(listener);
    }

    private Subnet subnet(String subnetId) {
        Subnet s = state.subnets.get(subnetId);
        if (s == null) {
            throw new IllegalArgumentException("no subnet " + subnetId);
        }
        return s;
    }
}
