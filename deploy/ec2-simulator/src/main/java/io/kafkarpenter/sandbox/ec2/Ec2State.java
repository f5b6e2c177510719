package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Fleet;
import io.kafkarpenter.sandbox.ec2.Resources.Image;
import io.kafkarpenter.sandbox.ec2.Resources.Instance;
import io.kafkarpenter.sandbox.ec2.Resources.LaunchTemplate;
import io.kafkarpenter.sandbox.ec2.Resources.SecurityGroup;
import io.kafkarpenter.sandbox.ec2.Resources.Subnet;
import io.kafkarpenter.sandbox.ec2.Resources.Taggable;
import io.kafkarpenter.sandbox.ec2.Resources.Vpc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Everything the simulated account holds: the VPC with one subnet per zone, security groups, AMIs, launch templates,
 * fleets and instances, plus the idempotency records of ClientToken requests. One lock (this object's monitor) guards
 * it all: {@link Ec2Api} runs each request's handler while holding it, so a request sees and changes a consistent state.
 *
 * <p>Instance states are a function of the clock: {@link #refresh()} moves pending → running once
 * {@code pendingDuration} has passed, shutting-down → terminated after {@code shuttingDownDuration}, and forgets
 * terminated instances after {@code terminatedRetention}. Nothing runs in the background.
 */
final class Ec2State {
    static final String AMAZON_OWNER_ID = "602401143452";

    final Ec2SimulatorConfig config;
    final Clock clock;
    final Faults faults;
    final InstanceTypeCatalog catalog;
    final SpotPrices spotPrices;
    final Ids ids = new Ids();
    final Vpc vpc;
    final Map<String, Subnet> subnets = new LinkedHashMap<>();
    final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
    final Map<String, Image> images = new LinkedHashMap<>();
    final Map<String, LaunchTemplate> launchTemplates = new LinkedHashMap<>();
    final Map<String, Instance> instances = new LinkedHashMap<>();
    final Map<String, Fleet> fleets = new LinkedHashMap<>();
    final Map<String, RouteTable> routeTables = new LinkedHashMap<>();
    /** The EKS cluster; set once the network exists ({@link VpcLayout}). */
    EksCluster cluster;
    final IamAccount iam;
    private final Map<String, StoredResponse> idempotentResponses = new LinkedHashMap<>();

    /** The answer to a ClientToken request, kept so that a retry with the same token gets the same answer. */
    record StoredResponse(SortedMap<String, String> parameters, byte[] body) {
    }

    Ec2State(Ec2SimulatorConfig config, Faults faults, InstanceTypeCatalog catalog) {
        this.config = config;
        this.clock = config.clock();
        this.faults = faults;
        this.catalog = catalog;
        this.spotPrices = new SpotPrices(config.spotPrices());
        String vpcId = ids.next("vpc");
        this.vpc = new Vpc(vpcId, "10.0.0.0/16", "dopt-" + vpcId.substring(4), config.accountId());
        vpc.tags.put("Name", config.clusterName() + "-vpc");
        createSubnets();
        createSecurityGroups();
        createImages();
        // after everything else, so the ids of the resources above stay what they were before public subnets
        VpcLayout.create(this);
        this.iam = new IamAccount(config.accountId(), config.nodeRoles(), Instant.parse("2026-10-01T00:00:00Z"));
    }

    private void createSubnets() {
        int index = 0;
        for (String zone : config.zones()) {
            Subnet subnet = addSubnet(zone, subnetOctet(config, index++, false), false);
            subnet.tags.put("Name", config.clusterName() + "-private-" + zone);
            if (config.discoveryTags()) {
                subnet.tags.put(config.discoveryTagKey(), config.discoveryTagValue());
            }
            subnet.tags.put("kubernetes.io/role/internal-elb", "1");
        }
    }

    /**
     * The third octet of the {@code index}-th private or public subnet: with /24 subnets {@code 10.0.<i+1>.0} and
     * {@code 10.0.<101+i>.0} (the workshop's layout); larger ones packed in the VPC's /16, private first.
     */
    static int subnetOctet(Ec2SimulatorConfig config, int index, boolean isPublic) {
        if (config.subnetPrefixLength() == 24) {
            return isPublic ? 101 + index : 1 + index;
        }
        int block = 1 << (24 - config.subnetPrefixLength());
        return ((isPublic ? config.zones().size() : 0) + index) * block;
    }

    Subnet addSubnet(String zone, int octet, boolean isPublic) {
        Subnet subnet = new Subnet(ids.next("subnet"), vpc.id, zone, zoneId(zone), octet, config.subnetPrefixLength(), isPublic);
        subnet.ownerId = config.accountId();
        subnet.arn = "arn:aws:ec2:" + config.region() + ":" + config.accountId() + ":subnet/" + subnet.id;
        subnets.put(subnet.id, subnet);
        return subnet;
    }

    private void createSecurityGroups() {
        SecurityGroup defaultGroup = new SecurityGroup(ids.next("sg"), "default", "default VPC security group", vpc.id);
        SecurityGroup clusterGroup = new SecurityGroup(ids.next("sg"), "eks-cluster-sg-" + config.clusterName(),
                "EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.",
                vpc.id);
        clusterGroup.tags.put("kubernetes.io/cluster/" + config.clusterName(), "owned");
        clusterGroup.tags.put("aws:eks:cluster-name", config.clusterName());
        SecurityGroup nodeGroup = new SecurityGroup(ids.next("sg"), config.clusterName() + "-node",
                "Communication between all nodes in the cluster", vpc.id);
        nodeGroup.tags.put("Name", config.clusterName() + "-node");
        if (config.discoveryTags()) {
            nodeGroup.tags.put(config.discoveryTagKey(), config.discoveryTagValue());
        }
        for (SecurityGroup g : List.of(defaultGroup, clusterGroup, nodeGroup)) {
            g.ownerId = config.accountId();
            securityGroups.put(g.id, g);
        }
    }

    private void createImages() {
        String k8s = config.kubernetesVersion();
        Instant older = Instant.parse("2026-10-01T00:00:00Z");
        Instant newer = Instant.parse("2026-11-01T00:00:00Z");
        for (String version : List.of("v20261001", "v20261101")) {
            Instant created = version.equals("v20261001") ? older : newer;
            for (String[] archVariant : new String[][] {{"x86_64", "standard"}, {"arm64", "standard"},
                    {"x86_64", "nvidia"}, {"arm64", "nvidia"}, {"x86_64", "neuron"}}) {
                String name = "amazon-eks-node-al2023-" + archVariant[0] + "-" + archVariant[1] + "-" + k8s + "-" + version;
                String description = "EKS-optimized Kubernetes node based on Amazon Linux 2023, (k8s: " + k8s
                        + ", variant: " + archVariant[1] + ")";
                addImage(name, description, archVariant[0], AMAZON_OWNER_ID, "amazon", created);
            }
        }
    }

    Image addImage(String name, String description, String architecture, String ownerId, String ownerAlias, Instant created) {
        Image image = new Image(ids.next("ami"), name, description, architecture, ownerId, ownerAlias, created,
                created.plus(Duration.ofDays(730)));
        images.put(image.id, image);
        return image;
    }

    /** {@code us-east-1a} → {@code use1-az1}: EC2's zone ids, assigned in zone order. */
    String zoneId(String zone) {
        String[] parts = config.region().split("-");
        String prefix = parts.length == 3 ? parts[0] + parts[1].charAt(0) + parts[2] : config.region();
        return prefix + "-az" + (config.zones().indexOf(zone) + 1);
    }

    Instant now() {
        return clock.instant();
    }

    /** Moves every instance's state along the clock and forgets instances terminated longer ago than the retention. */
    void refresh() {
        Instant now = now();
        Duration shuttingDown = config.shuttingDownDuration();
        instances.values().removeIf(i -> {
            i.refresh(now, config.pendingDuration(), shuttingDown);
            Instant terminatedAt = i.terminatedAt(shuttingDown);
            return i.state == InstanceState.TERMINATED && !now.isBefore(terminatedAt.plus(config.terminatedRetention()));
        });
    }

    boolean isOffered(String instanceType, String zone) {
        List<String> unoffered = config.unofferedTypes().get(zone);
        return catalog.get(instanceType) != null && (unoffered == null || !unoffered.contains(instanceType));
    }

    Taggable taggable(String id) {
        if (id.equals(vpc.id)) {
            return vpc;
        }
        for (Map<String, ? extends Taggable> map : List.of(instances, subnets, securityGroups, images, launchTemplates, fleets,
                routeTables)) {
            Taggable t = map.get(id);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    List<Taggable> allTaggables() {
        List<Taggable> all = new ArrayList<>();
        all.add(vpc);
        all.addAll(subnets.values());
        all.addAll(securityGroups.values());
        all.addAll(routeTables.values());
        all.addAll(images.values());
        all.addAll(launchTemplates.values());
        all.addAll(fleets.values());
        all.addAll(instances.values());
        return all;
    }

    // ---------------------------------------------------------------- subnets and IPs

    int availableIps(Subnet subnet) {
        int used = subnet.reservedByOthers;
        for (Instance i : instances.values()) {
            if (i.subnetId.equals(subnet.id) && i.state.isLive()) {
                used += i.ipsUsed;
            }
        }
        return Math.max(0, subnet.capacity - used);
    }

    private String allocatePrivateIp(Subnet subnet) {
        int size = 1 << (32 - subnet.prefixLength);
        BitSet taken = new BitSet(size);
        for (Instance i : instances.values()) {
            if (i.subnetId.equals(subnet.id) && i.state.isLive()) {
                String[] octets = i.privateIp.split("\\.");
                taken.set((Integer.parseInt(octets[2]) - subnet.octet) * 256 + Integer.parseInt(octets[3]));
            }
        }
        // EC2 reserves the first four addresses and the last one
        int host = taken.nextClearBit(4);
        if (host > size - 2) {
            throw new IllegalStateException("no free address left in " + subnet.id);
        }
        return "10.0." + (subnet.octet + host / 256) + "." + (host % 256);
    }

    // ---------------------------------------------------------------- idempotency

    StoredResponse idempotentResponse(String action, String clientToken) {
        return idempotentResponses.get(action + "\u0000" + clientToken);
    }

    void rememberIdempotentResponse(String action, String clientToken, SortedMap<String, String> parameters, byte[] body) {
        idempotentResponses.put(action + "\u0000" + clientToken, new StoredResponse(parameters, body));
    }

    // ---------------------------------------------------------------- CreateFleet

    /** A pool a fleet may launch into: one override resolved against its launch template, subnet and the catalog. */
    private record Candidate(int position, FleetModel.Config config, LaunchTemplate template, FleetModel.Override override,
                             CatalogInstanceType type, Subnet subnet, String imageId) {
    }

    FleetModel.Result createFleet(FleetModel.Request request) {
        Instant now = now();
        Fleet fleet = new Fleet(ids.nextUuid("fleet"), now);
        fleet.tags.putAll(request.tagsByResourceType().getOrDefault("fleet", Map.of()));
        fleets.put(fleet.id, fleet);
        String reservationId = ids.next("r");
        String defaultLifecycle = Faults.SPOT.equals(request.defaultTargetCapacityType()) ? Faults.SPOT : Faults.ON_DEMAND;

        List<FleetModel.Error> errors = new ArrayList<>();
        List<Candidate> candidates = resolveCandidates(request, defaultLifecycle, errors);

        Map<String, FleetModel.Launched> launched = new LinkedHashMap<>();
        Integer maxPerFleet = faults.maxInstancesPerFleet();
        int launchedTotal = 0;
        boolean partialStop = false;
        for (String lifecycle : List.of(Faults.ON_DEMAND, Faults.SPOT)) {
            int remaining = lifecycle.equals(Faults.ON_DEMAND) ? request.onDemandCount() : request.spotCount();
            if (remaining <= 0 || partialStop) {
                continue;
            }
            for (Candidate c : order(candidates, lifecycle, request)) {
                while (remaining > 0) {
                    if (maxPerFleet != null && launchedTotal >= maxPerFleet) {
                        errors.add(error(c, lifecycle, "UnfulfillableCapacity",
                                "Unable to fulfill capacity due to your request configuration. Please adjust your request and try again."));
                        partialStop = true;
                        break;
                    }
                    FleetModel.Error obstacle = obstacle(c, lifecycle);
                    if (obstacle != null) {
                        errors.add(obstacle);
                        break;
                    }
                    Instance instance = launch(c, lifecycle, request, reservationId, now);
                    launched.computeIfAbsent(c.position + "/" + lifecycle, k -> new FleetModel.Launched(
                            c.config.launchTemplate(), c.override, lifecycle, c.type.name(), new ArrayList<>()))
                            .instanceIds().add(instance.id);
                    remaining--;
                    launchedTotal++;
                }
                if (remaining == 0 || partialStop) {
                    break;
                }
            }
        }
        return new FleetModel.Result(fleet.id, new ArrayList<>(launched.values()), errors);
    }

    private List<Candidate> resolveCandidates(FleetModel.Request request, String lifecycle, List<FleetModel.Error> errors) {
        List<Candidate> candidates = new ArrayList<>();
        int position = 0;
        for (FleetModel.Config config : request.configs()) {
            FleetModel.LaunchTemplateRef ref = config.launchTemplate();
            LaunchTemplate template = findLaunchTemplate(ref);
            List<FleetModel.Override> overrides = config.overrides().isEmpty()
                    ? List.of(new FleetModel.Override(null, null, null, null, null, null, null)) : config.overrides();
            for (FleetModel.Override o : overrides) {
                position++;
                if (template == null) {
                    errors.add(ref.id() != null
                            ? new FleetModel.Error(ref, o, lifecycle, "InvalidLaunchTemplateId.NotFound",
                                    "The specified launch template, with template ID " + ref.id() + ", does not exist.")
                            : new FleetModel.Error(ref, o, lifecycle, "InvalidLaunchTemplateName.NotFoundException",
                                    "The specified launch template, with template name " + ref.name() + ", does not exist."));
                    continue;
                }
                String typeName = o.instanceType() != null ? o.instanceType() : template.data.string("InstanceType");
                CatalogInstanceType type = typeName == null ? null : catalog.get(typeName);
                if (type == null) {
                    errors.add(new FleetModel.Error(ref, o, lifecycle, "InvalidParameterValue",
                            "The instance type '" + typeName + "' is not supported."));
                    continue;
                }
                Subnet subnet = chooseSubnet(o);
                if (subnet == null) {
                    errors.add(new FleetModel.Error(ref, o, lifecycle, "InvalidSubnetID.NotFound",
                            o.subnetId() != null ? "The subnet ID '" + o.subnetId() + "' does not exist"
                                    : "No subnet found in Availability Zone " + o.availabilityZone()));
                    continue;
                }
                if (o.availabilityZone() != null && !o.availabilityZone().equals(subnet.zone)) {
                    errors.add(new FleetModel.Error(ref, o, lifecycle, "InvalidParameterValue",
                            "The subnet " + subnet.id + " is in " + subnet.zone + ", not in " + o.availabilityZone() + "."));
                    continue;
                }
                if (!isOffered(type.name(), subnet.zone)) {
                    errors.add(new FleetModel.Error(ref, o, lifecycle, "Unsupported", "Your requested instance type ("
                            + type.name() + ") is not supported in your requested Availability Zone (" + subnet.zone + ")."));
                    continue;
                }
                String imageId = o.imageId() != null ? o.imageId() : template.imageId();
                Image image = imageId == null ? defaultImage(type) : images.get(imageId);
                if (image == null) {
                    errors.add(new FleetModel.Error(ref, o, lifecycle, "InvalidAMIID.NotFound",
                            "The image id '[" + imageId + "]' does not exist"));
                    continue;
                }
                if (!image.architecture.equals(type.ec2Architecture())) {
                    errors.add(new FleetModel.Error(ref, o, lifecycle, "InvalidParameterValue", "The architecture '"
                            + type.ec2Architecture() + "' of the specified instance type does not match the architecture '"
                            + image.architecture + "' of the specified AMI."));
                    continue;
                }
                candidates.add(new Candidate(position, config, template, o, type, subnet, image.id));
            }
        }
        return candidates;
    }

    LaunchTemplate findLaunchTemplate(FleetModel.LaunchTemplateRef ref) {
        if (ref.id() != null) {
            return launchTemplates.get(ref.id());
        }
        return launchTemplateByName(ref.name());
    }

    LaunchTemplate launchTemplateByName(String name) {
        for (LaunchTemplate t : launchTemplates.values()) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        return null;
    }

    private Subnet chooseSubnet(FleetModel.Override o) {
        if (o.subnetId() != null) {
            return subnets.get(o.subnetId());
        }
        for (Subnet s : subnets.values()) {
            if (o.availabilityZone() == null || s.zone.equals(o.availabilityZone())) {
                return s;
            }
        }
        return null;
    }

    private Image defaultImage(CatalogInstanceType type) {
        Image best = null;
        for (Image i : images.values()) {
            if (i.architecture.equals(type.ec2Architecture()) && i.name.contains("-standard-")
                    && (best == null || i.creationDate.isAfter(best.creationDate))) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The order EC2 Fleet tries pools in. On-demand: {@code lowest-price} (default) by on-demand price,
     * {@code prioritized} by override priority (lower first). Spot: {@code price-capacity-optimized},
     * {@code lowest-price} (default) and {@code diversified} by spot price; {@code capacity-optimized} by pools with
     * room first, then price; {@code capacity-optimized-prioritized} by priority. Ties keep request order.
     */
    private List<Candidate> order(List<Candidate> candidates, String lifecycle, FleetModel.Request request) {
        Comparator<Candidate> byPrice = Comparator.comparingDouble(c -> price(c, lifecycle));
        Comparator<Candidate> byPriority = Comparator.comparingDouble(
                c -> c.override.priority() == null ? Double.MAX_VALUE : c.override.priority());
        String strategy = lifecycle.equals(Faults.ON_DEMAND) ? request.onDemandAllocationStrategy() : request.spotAllocationStrategy();
        Comparator<Candidate> order;
        if ("prioritized".equals(strategy) || "capacity-optimized-prioritized".equals(strategy)) {
            order = byPriority;
        } else if ("capacity-optimized".equals(strategy)) {
            order = Comparator.<Candidate, Boolean>comparing(c -> faults.isInsufficient(c.type.name(), c.subnet.zone, lifecycle))
                    .thenComparing(byPrice);
        } else {
            order = byPrice;
        }
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(order.thenComparingInt(Candidate::position));
        // one pool per instance type and zone, as EC2 dedupes identical overrides
        Set<String> seen = new HashSet<>();
        sorted.removeIf(c -> !seen.add(c.type.name() + "/" + c.subnet.id + "/" + c.config.launchTemplate()));
        return sorted;
    }

    private double price(Candidate c, String lifecycle) {
        return lifecycle.equals(Faults.SPOT) ? spotPrices.price(c.type, c.subnet.zone) : c.type.onDemandPriceUSD();
    }

    /** Why one more instance cannot be launched in this pool now, or null when it can. */
    private FleetModel.Error obstacle(Candidate c, String lifecycle) {
        String type = c.type.name();
        String zone = c.subnet.zone;
        if (lifecycle.equals(Faults.SPOT) && c.override.maxPrice() != null) {
            double max;
            try {
                max = Double.parseDouble(c.override.maxPrice());
            } catch (NumberFormatException e) {
                return error(c, lifecycle, "InvalidParameterValue", "Invalid max price " + c.override.maxPrice());
            }
            if (spotPrices.price(c.type, zone) > max) {
                return error(c, lifecycle, "SpotMaxPriceTooLow", "Your Spot request price of " + c.override.maxPrice()
                        + " is lower than the minimum required Spot request fulfillment price of "
                        + SpotPrices.format(spotPrices.price(c.type, zone)) + ".");
            }
        }
        if (faults.isInsufficient(type, zone, lifecycle)) {
            return insufficientCapacity(c, lifecycle);
        }
        if (availableIps(c.subnet) < config.ipsPerInstance()) {
            return error(c, lifecycle, "InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet '"
                    + c.subnet.id + "' to satisfy the requested number of instances.");
        }
        Integer quota = faults.vcpuQuota(lifecycle);
        if (quota != null && liveVcpus(lifecycle) + c.type.vcpu() > quota) {
            return lifecycle.equals(Faults.SPOT)
                    ? error(c, lifecycle, "MaxSpotInstanceCountExceeded", "Max spot instance count exceeded")
                    : error(c, lifecycle, "VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of "
                            + quota + " allows for the instance bucket that the specified instance type belongs to. Please visit "
                            + "http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.");
        }
        if (!faults.takeFromLimitedPools(type, zone, lifecycle)) {
            return insufficientCapacity(c, lifecycle);
        }
        return null;
    }

    private FleetModel.Error insufficientCapacity(Candidate c, String lifecycle) {
        List<String> otherZones = new ArrayList<>(config.zones());
        otherZones.remove(c.subnet.zone);
        return error(c, lifecycle, "InsufficientInstanceCapacity", "We currently do not have sufficient " + c.type.name()
                + " capacity in the Availability Zone you requested (" + c.subnet.zone + "). Our system will be working on "
                + "provisioning additional capacity. You can currently get " + c.type.name() + " capacity by not specifying an "
                + "Availability Zone in your request or choosing " + String.join(", ", otherZones) + ".");
    }

    private FleetModel.Error error(Candidate c, String lifecycle, String code, String message) {
        return new FleetModel.Error(c.config.launchTemplate(), c.override, lifecycle, code, message);
    }

    int liveVcpus(String lifecycle) {
        int vcpus = 0;
        for (Instance i : instances.values()) {
            if (i.capacityType.equals(lifecycle) && i.state.isLive()) {
                vcpus += i.vcpu;
            }
        }
        return vcpus;
    }

    private Instance launch(Candidate c, String lifecycle, FleetModel.Request request, String reservationId, Instant now) {
        List<String> groups = c.template.securityGroupIds();
        if (groups.isEmpty()) {
            groups = List.of(securityGroups.values().iterator().next().id);
        }
        Instance instance = new Instance(ids.next("i"), c.type.name(), c.type.vcpu(), c.type.ec2Architecture(), c.subnet.zone,
                c.subnet.id, vpc.id, c.imageId, allocatePrivateIp(c.subnet), lifecycle,
                lifecycle.equals(Faults.SPOT) ? "sir-" + ids.next("x").substring(3, 11) : null, reservationId,
                config.accountId(), groups, now, request.clientToken(), c.template.id, config.ipsPerInstance());
        instance.tags.putAll(c.template.instanceTags());
        instance.tags.putAll(request.tagsByResourceType().getOrDefault("instance", Map.of()));
        instance.refresh(now, config.pendingDuration(), config.shuttingDownDuration());
        instances.put(instance.id, instance);
        return instance;
    }

    // ---------------------------------------------------------------- termination

    /** Starts shutting an instance down (no-op when already shutting down or terminated); returns its previous state. */
    InstanceState shutDown(Instance instance, String reasonCode, String reasonMessage) {
        InstanceState previous = instance.state;
        if (instance.shutdownAt == null) {
            Instant now = now();
            instance.shutdownAt = now;
            instance.stateTransitionReason = "User initiated (" + now + ")";
            instance.stateReasonCode = reasonCode;
            instance.stateReasonMessage = reasonMessage;
            instance.refresh(now, config.pendingDuration(), config.shuttingDownDuration());
        }
        return previous;
    }

    InstanceSnapshot snapshot(Instance i) {
        return new InstanceSnapshot(i.id, i.type, i.zone, i.subnetId, i.state.wireName, i.capacityType, i.privateDns,
                i.privateIp, i.imageId, i.launchTime, Map.copyOf(i.tags), i.providerId());
    }
}
