package io.kafkarpenter.provisioner;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.model.instancetypes.EksAllocatable;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.provisioning.EngineInputs;
import io.kafkarpenter.model.requirements.Labels;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.LocationType;

/**
 * Instance types and their offerings for an EC2NodeClass: which types exist (DescribeInstanceTypes), in which zones
 * (DescribeInstanceTypeOfferings), at what spot price (DescribeSpotPriceHistory), through the real AWS SDK v2 (the
 * endpoint is configurable, e.g. the EC2 simulator); shapes, allocatable (EKS formulas with the NodeClass' kubelet
 * settings) and on-demand prices from the built-in catalog. When EC2 cannot be asked, the built-in catalog alone is
 * used (every type in the configured zones). EC2's answers are cached ({@code cache-ttl}, 5m as Karpenter's AWS
 * provider).
 */
@ApplicationScoped
public class InstanceTypeProvider {

    private static final Logger LOG = Logger.getLogger(InstanceTypeProvider.class);

    /** What EC2 said, or null fields when it could not be asked. */
    record Ec2Offerings(Set<String> types, Map<String, Set<String>> zonesByType, Map<String, Double> spotPrice,
                        Instant fetchedAt) {
    }

    private record CacheKey(String nodeClass, String resourceVersion, Instant fetchedAt) {
    }

    private final ProvisionerConfig.InstanceTypes config;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final List<CatalogEntry> catalog;
    private final Map<CacheKey, List<InstanceType>> byNodeClass = new ConcurrentHashMap<>();
    private volatile Ec2Client ec2;
    private volatile Ec2Offerings offerings;
    private volatile Instant lastFailure;

    InstanceTypeProvider(ProvisionerConfig config, MeterRegistry registry) {
        this.config = config.instanceTypes();
        this.registry = registry;
        this.catalog = BuiltInCatalog.load(this.config.catalog());
    }

    @PreDestroy
    void close() {
        if (ec2 != null) {
            ec2.close();
        }
    }

    /** The instance types of the NodeClass (all offerings available; the caller applies unavailable marks). */
    public List<InstanceType> forNodeClass(EC2NodeClass nodeClass) {
        Ec2Offerings fromEc2 = ec2Offerings();
        CacheKey key = new CacheKey(nodeClass.getMetadata().getName(), nodeClass.getMetadata().getResourceVersion(),
            fromEc2 == null ? null : fromEc2.fetchedAt());
        return byNodeClass.computeIfAbsent(key, k -> {
            byNodeClass.keySet().removeIf(old -> old.nodeClass().equals(k.nodeClass()));
            return build(nodeClass, fromEc2);
        });
    }

    private List<InstanceType> build(EC2NodeClass nodeClass, Ec2Offerings fromEc2) {
        Set<String> subnetZones = subnetZones(nodeClass);
        List<String> allZones = new ArrayList<>(config.zones());
        if (fromEc2 != null) {
            Set<String> zones = new TreeSet<>();
            fromEc2.zonesByType().values().forEach(zones::addAll);
            allZones = new ArrayList<>(zones);
        }
        CatalogInstanceTypes.Options options = new CatalogInstanceTypes.Options(config.region(), allZones,
            List.of(Labels.CAPACITY_TYPE_ON_DEMAND, Labels.CAPACITY_TYPE_SPOT),
            new EksAllocatable.Options(EksAllocatable.DEFAULT_VM_MEMORY_OVERHEAD_PERCENT, 0,
                EngineInputs.rootVolumeBytes(nodeClass)));
        var kubelet = EngineInputs.kubelet(nodeClass);
        List<InstanceType> out = new ArrayList<>();
        for (CatalogEntry entry : catalog) {
            if (fromEc2 != null && !fromEc2.types().contains(entry.name())) {
                continue;
            }
            InstanceType type = CatalogInstanceTypes.build(entry, kubelet, options);
            List<Offering> offered = new ArrayList<>();
            for (Offering o : type.offerings()) {
                if (!subnetZones.isEmpty() && !subnetZones.contains(o.zone())) {
                    continue;
                }
                if (fromEc2 == null) {
                    offered.add(o);
                    continue;
                }
                if (!fromEc2.zonesByType().getOrDefault(entry.name(), Set.of()).contains(o.zone())) {
                    continue;
                }
                if (Labels.CAPACITY_TYPE_SPOT.equals(o.capacityType())) {
                    Double spot = fromEc2.spotPrice().get(entry.name() + "/" + o.zone());
                    if (spot != null) {
                        offered.add(new Offering(o.zone(), o.capacityType(), spot, true));
                    }
                } else {
                    offered.add(o);
                }
            }
            if (!offered.isEmpty()) {
                out.add(type.withOfferings(offered));
            }
        }
        LOG.infof("EC2NodeClass %s: %d instance types (%s)", nodeClass.getMetadata().getName(), out.size(),
            fromEc2 == null ? "built-in catalog" : "EC2 offerings and prices");
        return List.copyOf(out);
    }

    /** Zones of the NodeClass' resolved subnets (status.subnets, written by tag-reconciler); empty = unknown. */
    private static Set<String> subnetZones(EC2NodeClass nodeClass) {
        Set<String> zones = new LinkedHashSet<>();
        if (nodeClass.getStatus() != null && nodeClass.getStatus().getSubnets() != null) {
            for (SubnetStatus s : nodeClass.getStatus().getSubnets()) {
                if (s.getZone() != null) {
                    zones.add(s.getZone());
                }
            }
        }
        return zones;
    }

    /**
     * Refreshes EC2's offerings and spot prices in the background: at start and every {@code cache-ttl}, so a pass
     * never waits for EC2 except for the very first answer.
     */
    @Scheduled(every = "${kk.provisioner.instance-types.cache-ttl:5m}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if ("ec2".equals(config.source())) {
            fetchNow();
        }
    }

    /** EC2's offerings and spot prices; null when the source is the catalog or EC2 could not be asked. */
    Ec2Offerings ec2Offerings() {
        if (!"ec2".equals(config.source())) {
            return null;
        }
        Ec2Offerings current = offerings;
        if (current != null) {
            return current;
        }
        Instant failed = lastFailure;
        if (failed != null && clock.instant().isBefore(failed.plus(config.cacheTtl()))) {
            return null;
        }
        return fetchNow();
    }

    private synchronized Ec2Offerings fetchNow() {
        Instant now = clock.instant();
        if (offerings != null && now.isBefore(offerings.fetchedAt().plusSeconds(1))) {
            return offerings; // fetched by a concurrent caller while we waited
        }
        try {
            offerings = fetch(now);
            lastFailure = null;
            LOG.infof("EC2: %d instance types offered in %d zones, %d spot prices", offerings.types().size(),
                offerings.zonesByType().values().stream().flatMap(Set::stream).distinct().count(),
                offerings.spotPrice().size());
        } catch (RuntimeException e) {
            lastFailure = now;
            registry.counter("karpenter.cloudprovider.errors", "controller", "provisioner",
                "method", "GetInstanceTypes", "error", e.getClass().getSimpleName()).increment();
            LOG.warnf("EC2 instance types unavailable (%s); %s", e.getMessage(), offerings == null
                ? "using the built-in catalog " + config.catalog() : "keeping the previous answer");
        }
        return offerings;
    }

    private Ec2Offerings fetch(Instant now) {
        Ec2Client client = client();
        long start = System.nanoTime();
        Set<String> types = new LinkedHashSet<>();
        client.describeInstanceTypesPaginator(DescribeInstanceTypesRequest.builder().maxResults(100).build())
            .instanceTypes().forEach(t -> types.add(t.instanceTypeAsString()));
        Map<String, Set<String>> zones = new HashMap<>();
        client.describeInstanceTypeOfferingsPaginator(DescribeInstanceTypeOfferingsRequest.builder()
                .locationType(LocationType.AVAILABILITY_ZONE).maxResults(1000).build())
            .instanceTypeOfferings()
            .forEach(o -> zones.computeIfAbsent(o.instanceTypeAsString(), k -> new TreeSet<>()).add(o.location()));
        Map<String, Double> spot = new HashMap<>();
        Map<String, Instant> spotAt = new HashMap<>();
        client.describeSpotPriceHistoryPaginator(DescribeSpotPriceHistoryRequest.builder()
                .productDescriptions("Linux/UNIX").startTime(now).maxResults(1000).build())
            .spotPriceHistory().forEach(p -> {
                String key = p.instanceTypeAsString() + "/" + p.availabilityZone();
                Instant at = p.timestamp() == null ? Instant.EPOCH : p.timestamp();
                if (!spotAt.containsKey(key) || at.isAfter(spotAt.get(key))) {
                    spotAt.put(key, at);
                    spot.put(key, Double.parseDouble(p.spotPrice()));
                }
            });
        registry.timer("karpenter.cloudprovider.duration", "controller", "provisioner", "method", "GetInstanceTypes")
            .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return new Ec2Offerings(types, zones, spot, now);
    }

    private Ec2Client client() {
        if (ec2 == null) {
            synchronized (this) {
                if (ec2 == null) {
                    Ec2ClientBuilder builder = Ec2Client.builder()
                        .region(Region.of(config.region()))
                        .httpClientBuilder(UrlConnectionHttpClient.builder());
                    config.ec2Endpoint().ifPresent(builder::endpointOverride);
                    builder.credentialsProvider(credentials(config.ec2Endpoint().orElse(null)));
                    ec2 = builder.build();
                }
            }
        }
        return ec2;
    }

    /**
     * The SDK's default chain; against an overridden endpoint (the simulator) without AWS credentials in the
     * environment, fixed placeholder credentials, since the simulator does not check signatures.
     */
    private static AwsCredentialsProvider credentials(URI endpoint) {
        boolean hasEnv = System.getenv("AWS_ACCESS_KEY_ID") != null || System.getenv("AWS_PROFILE") != null
            || System.getProperty("aws.accessKeyId") != null;
        if (endpoint != null && !hasEnv) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("kafkarpenter", "simulator"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
