package io.kafkarpenter.launcher.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetOnDemandAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * CreateFleet for one NodeClaim (karpenter-aws §1.2–1.3) and the EC2 look-ups around it: type {@code instant},
 * one launch-template config per template with its (instance type × zonal subnet) overrides, spot
 * {@code price-capacity-optimized} / on-demand {@code lowest-price}, the launch tags on instance, volume and fleet,
 * and a deterministic ClientToken per (NodeClaim, override set) — a redelivered attempt reuses its token and EC2
 * answers it without launching again; a failover with fewer overrides is a new attempt with a new token.
 */
@ApplicationScoped
public class FleetLauncher {

    /** Error codes Karpenter treats as insufficient capacity (karpenter-aws §1.3). */
    public static final Set<String> UNFULFILLABLE = Set.of("InsufficientInstanceCapacity", "MaxSpotInstanceCountExceeded",
        "VcpuLimitExceeded", "UnfulfillableCapacity", "Unsupported", "InsufficientFreeAddressesInSubnet",
        "MaxFleetCountExceeded", "ReservationCapacityExceeded");
    public static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    /** One override: a type in a zone's subnet with a launch template. */
    public record Override(String launchTemplate, String instanceType, String zone, String subnetId, String imageId, double price) {
    }

    /** A launched instance as the launcher records it. */
    public record LaunchedInstance(String instanceId, String instanceType, String zone, String capacityType, String imageId) {
        public String providerId() {
            return "aws:///" + zone + "/" + instanceId;
        }
    }

    /** A fleet error attributed to an offering (and its subnet) when EC2 names one. */
    public record FleetError(String code, String message, String instanceType, String zone, String subnetId,
                             String capacityType) {
        public boolean unfulfillable() {
            return UNFULFILLABLE.contains(code);
        }
    }

    public record Outcome(Optional<LaunchedInstance> instance, List<FleetError> errors) {
    }

    private final Ec2Client ec2;

    FleetLauncher(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** What one CreateFleet answered: every instance launched (in the answer's order) and every error. */
    public record Answer(List<LaunchedInstance> instances, List<FleetError> errors) {
    }

    /** A live instance of this cluster and the NodeClaim its {@code karpenter.sh/nodeclaim} tag names (null if none). */
    public record TaggedInstance(LaunchedInstance instance, String nodeClaim) {
    }

    /** CreateFleet for one NodeClaim (its ClientToken from the NodeClaim name and the attempt): the first instance. */
    public Outcome createFleet(String nodeClaimName, String capacityType, List<Override> overrides, Map<String, String> tags) {
        Answer answer = createFleet(clientToken(nodeClaimName, capacityType, overrides), 1, capacityType, overrides, tags);
        return new Outcome(answer.instances().stream().findFirst(), answer.errors());
    }

    /**
     * CreateFleet of {@code count} instances with the same input ({@code instant}: EC2 launches what it can at once
     * and answers with the instances and the errors of the pools it could not use).
     */
    public Answer createFleet(String clientToken, int count, String capacityType, List<Override> overrides,
                              Map<String, String> tags) {
        Map<String, List<FleetLaunchTemplateOverridesRequest>> byTemplate = new LinkedHashMap<>();
        for (Override o : overrides) {
            byTemplate.computeIfAbsent(o.launchTemplate(), k -> new ArrayList<>()).add(FleetLaunchTemplateOverridesRequest
                .builder().instanceType(o.instanceType()).subnetId(o.subnetId()).availabilityZone(o.zone())
                .imageId(o.imageId()).priority(o.price()).build());
        }
        List<FleetLaunchTemplateConfigRequest> configs = new ArrayList<>();
        byTemplate.forEach((template, list) -> configs.add(FleetLaunchTemplateConfigRequest.builder()
            .launchTemplateSpecification(s -> s.launchTemplateName(template).version("$Latest"))
            .overrides(list).build()));
        List<Tag> tagList = new ArrayList<>();
        tags.forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
        boolean spot = "spot".equals(capacityType);
        CreateFleetResponse response = ec2.createFleet(r -> r
            .type(FleetType.INSTANT)
            .clientToken(clientToken)
            .launchTemplateConfigs(configs)
            .targetCapacitySpecification(t -> t.totalTargetCapacity(count)
                .defaultTargetCapacityType(spot ? DefaultTargetCapacityType.SPOT : DefaultTargetCapacityType.ON_DEMAND))
            .spotOptions(s -> s.allocationStrategy(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED))
            .onDemandOptions(o -> o.allocationStrategy(FleetOnDemandAllocationStrategy.LOWEST_PRICE))
            .tagSpecifications(
                TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tagList).build(),
                TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tagList).build(),
                TagSpecification.builder().resourceType(ResourceType.FLEET).tags(tagList).build()));

        List<FleetError> errors = new ArrayList<>();
        for (CreateFleetError e : response.errors()) {
            var o = e.launchTemplateAndOverrides() == null ? null : e.launchTemplateAndOverrides().overrides();
            errors.add(new FleetError(e.errorCode(), e.errorMessage(), o == null ? null : o.instanceTypeAsString(),
                o == null ? null : o.availabilityZone(), o == null ? null : o.subnetId(), e.lifecycleAsString() == null ? capacityType : e.lifecycleAsString()));
        }
        List<LaunchedInstance> instances = new ArrayList<>();
        for (CreateFleetInstance i : response.instances()) {
            var o = i.launchTemplateAndOverrides() == null ? null : i.launchTemplateAndOverrides().overrides();
            String zone = o == null ? null : o.availabilityZone();
            String imageId = o == null ? null : o.imageId();
            String type = i.instanceTypeAsString() != null ? i.instanceTypeAsString() : o == null ? null : o.instanceTypeAsString();
            String lifecycle = i.lifecycleAsString() == null ? capacityType : i.lifecycleAsString();
            if (zone == null) {
                String subnet = o == null ? null : o.subnetId();
                zone = overrides.stream().filter(x -> x.subnetId().equals(subnet)).map(Override::zone).findFirst().orElse(null);
            }
            for (String id : i.instanceIds()) {
                instances.add(new LaunchedInstance(id, type, zone, lifecycle, imageId));
            }
        }
        return new Answer(instances, errors);
    }

    /**
     * The live instances of this cluster launched by one merged CreateFleet (its {@code kafkarpenter.io/launch-batch}
     * tag), each with the NodeClaim its {@code karpenter.sh/nodeclaim} tag names, if any.
     */
    public List<TaggedInstance> findByBatch(String batchId, String clusterName) {
        List<TaggedInstance> out = new ArrayList<>();
        for (Instance i : describe(List.of(
            Filter.builder().name("tag:" + Tags.LAUNCH_BATCH).values(batchId).build(),
            Filter.builder().name("tag:" + Tags.clusterOwnership(clusterName)).values("owned").build(),
            Filter.builder().name("instance-state-name").values(LIVE_STATES).build()))) {
            String claim = i.tags().stream().filter(t -> Tags.NODECLAIM.equals(t.key())).map(Tag::value).findFirst()
                .orElse(null);
            out.add(new TaggedInstance(launched(i), claim));
        }
        return out;
    }

    private static LaunchedInstance launched(Instance i) {
        return new LaunchedInstance(i.instanceId(), i.instanceTypeAsString(),
            i.placement() == null ? null : i.placement().availabilityZone(),
            i.instanceLifecycleAsString() == null ? "on-demand" : i.instanceLifecycleAsString(), i.imageId());
    }

    /**
     * The live instance already launched for a NodeClaim, found by its {@code karpenter.sh/nodeclaim} tag — only
     * among instances carrying this cluster's ownership tags.
     */
    public Optional<LaunchedInstance> findByNodeClaim(String nodeClaimName, String clusterName) {
        for (Instance i : describe(List.of(
            Filter.builder().name("tag:" + Tags.NODECLAIM).values(nodeClaimName).build(),
            Filter.builder().name("tag:" + Tags.clusterOwnership(clusterName)).values("owned").build(),
            Filter.builder().name("instance-state-name").values(LIVE_STATES).build()))) {
            return Optional.of(launched(i));
        }
        return Optional.empty();
    }

    /** Live instances carrying this cluster's ownership tag and a NodePool tag (Karpenter's instance List). */
    public List<Instance> listOwned(String clusterName) {
        return describe(List.of(
            Filter.builder().name("tag:" + Tags.clusterOwnership(clusterName)).values("owned").build(),
            Filter.builder().name("tag-key").values(Tags.NODEPOOL).build(),
            Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()));
    }

    public Optional<Instance> describeInstance(String instanceId) {
        return describe(List.of(Filter.builder().name("instance-id").values(instanceId).build())).stream().findFirst();
    }

    /** TerminateInstances, only for an instance that carries this cluster's ownership and NodePool tags. */
    public boolean terminateIfOwned(String instanceId, String clusterName) {
        Optional<Instance> instance = describeInstance(instanceId);
        if (instance.isEmpty() || !Tags.ownedBy(instance.get().tags(), clusterName)) {
            return false;
        }
        if (!shuttingDownOrTerminated(instance.get())) {
            ec2.terminateInstances(r -> r.instanceIds(instanceId));
        }
        return true;
    }

    /** Whether EC2 reports the instance {@code shutting-down} or {@code terminated}: going or gone. */
    public static boolean shuttingDownOrTerminated(Instance instance) {
        String state = stateName(instance);
        return "shutting-down".equals(state) || "terminated".equals(state);
    }

    /** The instance's state name, "" when EC2 gave none. */
    public static String stateName(Instance instance) {
        return instance.state() == null ? "" : instance.state().nameAsString();
    }

    private List<Instance> describe(List<Filter> filters) {
        List<Instance> out = new ArrayList<>();
        ec2.describeInstancesPaginator(r -> r.filters(filters)).reservations().forEach(res -> out.addAll(res.instances()));
        return out;
    }

    /**
     * {@code <nodeclaim>-<12 hex of sha256(capacity type, overrides)>}, at most 64 characters (EC2's limit): the
     * same attempt always gets the same token, a narrowed attempt a different one.
     */
    public static String clientToken(String nodeClaimName, String capacityType, List<Override> overrides) {
        StringBuilder canonical = new StringBuilder(capacityType);
        overrides.stream().map(o -> o.launchTemplate() + "|" + o.instanceType() + "|" + o.subnetId() + "|" + o.imageId())
            .sorted().forEach(s -> canonical.append(';').append(s));
        String hash = sha256Hex(canonical.toString()).substring(0, 12);
        String prefix = nodeClaimName.length() > 51 ? sha256Hex(nodeClaimName).substring(0, 20) : nodeClaimName;
        return prefix + "-" + hash;
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
