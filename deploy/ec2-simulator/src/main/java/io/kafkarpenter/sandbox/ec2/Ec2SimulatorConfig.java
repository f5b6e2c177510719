package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkarpenter.model.yaml.YamlTrees;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kafkarpenter.sandbox.iam.IamConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the simulator starts: where it listens, the account it pretends to be, the VPC it builds (one subnet per zone,
 * tagged with the discovery tag), the timing of instance state transitions, and price / offering overrides.
 * Build it with {@link #builder()} in tests or read it from a YAML/JSON file ({@link #fromFile(Path)}) for the demo.
 *
 * @param host                  address to bind; loopback by default
 * @param port                  TCP port; 0 picks a free one
 * @param region                the region the endpoint serves
 * @param accountId             owner id of everything the simulator creates
 * @param clusterName           the EKS cluster the VPC belongs to (tags {@code kubernetes.io/cluster/<name>})
 * @param discoveryTagKey       tag put on the subnets and the node security group (Karpenter's {@code karpenter.sh/discovery})
 * @param discoveryTagValue     its value; the cluster name when unset
 * @param zones                 the availability zones, one private subnet each ({@code 10.0.<i+1>.0/24})
 * @param publicSubnets         also one public subnet per zone ({@code 10.0.<101+i>.0/24}, route table 0.0.0.0/0 → igw);
 *                              the private ones route 0.0.0.0/0 to a NAT gateway
 * @param discoveryTags         the private subnets and the node security group carry the discovery tag (false: no
 *                              discovery tag anywhere, the workshop's cluster before its tagging step)
 * @param nodeRoles             IAM roles that exist in the account (for instance profiles)
 * @param kubernetesVersion     the version in the names of the EKS-optimized AL2023 AMIs
 * @param pendingDuration       pending → running
 * @param shuttingDownDuration  shutting-down → terminated
 * @param terminatedRetention   how long a terminated instance stays describable (EC2: about an hour)
 * @param ipsPerInstance        subnet IPs one instance consumes (1 = its primary address)
 * @param subnetPrefixLength    the subnets' CIDR prefix length: 24 (default, the workshop's layout, 251 usable
 *                              addresses each) or 17–23 for larger subnets packed in the VPC's /16 (private ones
 *                              first), e.g. 19 = 8,187 addresses each, for thousands of nodes (bin/kk bench scale)
 * @param catalogFile           the instance-type catalog JSON; the classpath catalog when unset
 * @param spotPrices            spot price overrides, key {@code type} or {@code type/zone}, USD per hour
 * @param unofferedTypes        per zone, instance types not offered there
 * @param images                AMIs published at start, after the built-in AL2023 releases ({@link ImageSpec})
 * @param iam                   per-caller IAM policy evaluation ({@link IamConfig}); off by default
 * @param interruptionQueue     the SQS queue the interruption events go to (Karpenter's {@code --interruption-queue});
 *                              the cluster name when unset, as Karpenter's CloudFormation template names it
 * @param spotInterruptionDelay from a spot interruption warning to the instance's termination (EC2: two minutes)
 * @param requestLimits         EC2's request throttling by token bucket ({@link RequestLimitsSpec}); off by default
 * @param clock                 the simulator's clock (tests may pass a {@link MutableClock})
 */
@JsonDeserialize(builder = Ec2SimulatorConfig.Builder.class)
public record Ec2SimulatorConfig(
        String host,
        int port,
        String region,
        String accountId,
        String clusterName,
        String discoveryTagKey,
        String discoveryTagValue,
        List<String> zones,
        boolean publicSubnets,
        boolean discoveryTags,
        List<String> nodeRoles,
        String kubernetesVersion,
        Duration pendingDuration,
        Duration shuttingDownDuration,
        Duration terminatedRetention,
        int ipsPerInstance,
        int subnetPrefixLength,
        String catalogFile,
        Map<String, Double> spotPrices,
        Map<String, List<String>> unofferedTypes,
        List<ImageSpec> images,
        IamConfig iam,
        String interruptionQueue,
        Duration spotInterruptionDelay,
        RequestLimitsSpec requestLimits,
        @JsonIgnore Clock clock) {

    public Ec2SimulatorConfig {
        zones = List.copyOf(zones);
        nodeRoles = nodeRoles == null ? defaultNodeRoles(clusterName) : List.copyOf(nodeRoles);
        spotPrices = Map.copyOf(spotPrices);
        unofferedTypes = Map.copyOf(unofferedTypes);
        images = images == null ? List.of() : List.copyOf(images);
        iam = iam == null ? IamConfig.disabled() : iam;
        requestLimits = requestLimits == null ? RequestLimitsSpec.disabled() : requestLimits;
        if (discoveryTagValue == null || discoveryTagValue.isBlank()) {
            discoveryTagValue = clusterName;
        }
        if (interruptionQueue == null || interruptionQueue.isBlank()) {
            interruptionQueue = clusterName;
        }
    }

    private static List<String> defaultNodeRoles(String clusterName) {
        return List.of("KarpenterNodeRole-" + clusterName);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Ec2SimulatorConfig defaults() {
        return builder().build();
    }

    /** Reads a YAML (or JSON) file; fields left out keep their defaults. Durations as {@code PT2S} or seconds. */
    public static Ec2SimulatorConfig fromFile(Path file) {
        try {
            return readYaml(java.nio.file.Files.readString(file), Ec2SimulatorConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator state file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a YAML (or JSON) document into {@code type} through the project's YAML reader (anchors, aliases and merge
     * keys resolved; alias bombs refused).
     */
    static <T> T readYaml(String yamlOrJson, Class<T> type) throws IOException {
        JsonNode tree = YamlTrees.DEFAULT.read(yamlOrJson);
        return tree.isMissingNode() ? null : yaml().treeToValue(tree, type);
    }

    static ObjectMapper yaml() {
        return new ObjectMapper(YamlTrees.DEFAULT.factory())
                .registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).region(region).accountId(accountId).clusterName(clusterName)
                .discoveryTagKey(discoveryTagKey).discoveryTagValue(discoveryTagValue).zones(zones)
                .publicSubnets(publicSubnets).discoveryTags(discoveryTags)
                // the default role follows the cluster name when the copy is renamed
                .nodeRoles(nodeRoles.equals(defaultNodeRoles(clusterName)) ? null : nodeRoles)
                .kubernetesVersion(kubernetesVersion).pendingDuration(pendingDuration)
                .shuttingDownDuration(shuttingDownDuration).terminatedRetention(terminatedRetention)
                .ipsPerInstance(ipsPerInstance).subnetPrefixLength(subnetPrefixLength).catalogFile(catalogFile).spotPrices(spotPrices)
                .unofferedTypes(unofferedTypes).images(images).iam(iam)
                // the default queue follows the cluster name when the copy is renamed
                .interruptionQueue(interruptionQueue.equals(clusterName) ? null : interruptionQueue)
                .spotInterruptionDelay(spotInterruptionDelay).requestLimits(requestLimits).clock(clock);
    }

    @JsonPOJOBuilder(withPrefix = "")
    @JsonIgnoreProperties(value = "clock")
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private String clusterName = "kafkarpenter";
        private String discoveryTagKey = "karpenter.sh/discovery";
        private String discoveryTagValue;
        private List<String> zones = List.of("us-east-1a", "us-east-1b", "us-east-1c");
        private boolean publicSubnets = true;
        private boolean discoveryTags = true;
        private List<String> nodeRoles;
        private String kubernetesVersion = "1.34";
        private Duration pendingDuration = Duration.ofSeconds(2);
        private Duration shuttingDownDuration = Duration.ofSeconds(5);
        private Duration terminatedRetention = Duration.ofHours(1);
        private int ipsPerInstance = 1;
        private int subnetPrefixLength = 24;
        private String catalogFile;
        private Map<String, Double> spotPrices = Map.of();
        private Map<String, List<String>> unofferedTypes = Map.of();
        private List<ImageSpec> images = List.of();
        private IamConfig iam = IamConfig.disabled();
        private String interruptionQueue;
        private Duration spotInterruptionDelay = Duration.ofMinutes(2);
        private RequestLimitsSpec requestLimits = RequestLimitsSpec.disabled();
        private Clock clock = Clock.systemUTC();

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder region(String region) { this.region = region; return this; }
        public Builder accountId(String accountId) { this.accountId = accountId; return this; }
        public Builder clusterName(String clusterName) { this.clusterName = clusterName; return this; }
        public Builder discoveryTagKey(String key) { this.discoveryTagKey = key; return this; }
        public Builder discoveryTagValue(String value) { this.discoveryTagValue = value; return this; }
        public Builder zones(List<String> zones) { this.zones = zones; return this; }
        public Builder publicSubnets(boolean publicSubnets) { this.publicSubnets = publicSubnets; return this; }
        public Builder discoveryTags(boolean discoveryTags) { this.discoveryTags = discoveryTags; return this; }
        /** The IAM roles of the account; {@code KarpenterNodeRole-<clusterName>} when unset. */
        public Builder nodeRoles(List<String> roles) { this.nodeRoles = roles; return this; }
        public Builder kubernetesVersion(String version) { this.kubernetesVersion = version; return this; }
        public Builder pendingDuration(Duration d) { this.pendingDuration = d; return this; }
        public Builder shuttingDownDuration(Duration d) { this.shuttingDownDuration = d; return this; }
        public Builder terminatedRetention(Duration d) { this.terminatedRetention = d; return this; }
        public Builder ipsPerInstance(int n) { this.ipsPerInstance = n; return this; }
        public Builder subnetPrefixLength(int n) { this.subnetPrefixLength = n; return this; }
        public Builder catalogFile(String file) { this.catalogFile = file; return this; }
        public Builder spotPrices(Map<String, Double> prices) { this.spotPrices = prices; return this; }
        public Builder unofferedTypes(Map<String, List<String>> unoffered) { this.unofferedTypes = unoffered; return this; }
        public Builder images(List<ImageSpec> images) { this.images = images; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        /** Per-caller IAM policy evaluation; {@link IamConfig#disabled()} (every caller allowed) when unset. */
        public Builder iam(IamConfig iam) { this.iam = iam; return this; }
        /** The SQS queue interruption events go to; the cluster name when unset. */
        public Builder interruptionQueue(String queue) { this.interruptionQueue = queue; return this; }
        public Builder spotInterruptionDelay(Duration d) { this.spotInterruptionDelay = d; return this; }
        /** EC2's request limits; {@link RequestLimitsSpec#disabled()} when unset. */
        public Builder requestLimits(RequestLimitsSpec limits) { this.requestLimits = limits; return this; }

        /** Every transition immediate: instances run at once and terminate at once (still describable). */
        public Builder instantTransitions() {
            return pendingDuration(Duration.ZERO).shuttingDownDuration(Duration.ZERO);
        }

        public Ec2SimulatorConfig build() {
            if (zones == null || zones.isEmpty()) {
                throw new IllegalArgumentException("zones: at least one availability zone is needed");
            }
            if (zones.size() > 100) {
                throw new IllegalArgumentException("zones: at most 100 zones (private 10.0.1-100.0/24, public 10.0.101-200.0/24)");
            }
            if (subnetPrefixLength < 17 || subnetPrefixLength > 24) {
                throw new IllegalArgumentException("subnetPrefixLength: 17 to 24, was " + subnetPrefixLength);
            }
            if (subnetPrefixLength < 24 && 2 * zones.size() * (1 << (24 - subnetPrefixLength)) > 256) {
                throw new IllegalArgumentException("subnetPrefixLength " + subnetPrefixLength + ": " + 2 * zones.size()
                        + " subnets of that size do not fit in the VPC's /16");
            }
            if (ipsPerInstance < 1) {
                throw new IllegalArgumentException("ipsPerInstance: must be at least 1, was " + ipsPerInstance);
            }
            for (Duration d : java.util.Arrays.asList(pendingDuration, shuttingDownDuration, terminatedRetention, spotInterruptionDelay)) {
                if (d == null || d.isNegative()) {
                    throw new IllegalArgumentException("durations must be zero or positive");
                }
            }
            return new Ec2SimulatorConfig(host, port, region, accountId, clusterName, discoveryTagKey, discoveryTagValue,
                    zones, publicSubnets, discoveryTags, nodeRoles, kubernetesVersion, pendingDuration, shuttingDownDuration, terminatedRetention, ipsPerInstance,
                    subnetPrefixLength, catalogFile, spotPrices == null ? Map.of() : spotPrices,
                    unofferedTypes == null ? Map.of() : unofferedTypes, images, iam, interruptionQueue, spotInterruptionDelay,
                    requestLimits, clock);
        }
    }
}
