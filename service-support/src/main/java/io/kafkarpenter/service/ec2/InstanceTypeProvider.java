package io.kafkarpenter.service.ec2;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.model.instancetypes.EksAllocatable;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.service.metrics.Histograms;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.LocationType;

/**
 * Instance types and their offerings for a NodePool and its EC2NodeClass: which types exist (DescribeInstanceTypes),
 * in which zones (DescribeInstanceTypeOfferings), at what spot price (DescribeSpotPriceHistory), through the real AWS
 * SDK v2 (the endpoint is configurable, e.g. the EC2 simulator); shapes, allocatable (EKS formulas with the NodeClass'
 * kubelet settings) and on-demand prices from the built-in catalog. When EC2 cannot be asked, the built-in catalog
 * alone is used (every type in the configured zones). EC2's answers are cached ({@code cache-ttl}, 5m as Karpenter's
 * AWS provider).
 *
 * <p>Plain class (no CDI): each service makes one from its own configuration ({@link Settings}), calls
 * {@link #refresh()} from its scheduler every {@code cacheTtl} and {@link #close()} on shutdown.
 */
public class InstanceTypeProvider implements AutoCloseable {

    /**
     * Where instance types and prices come from; each service maps its own {@code @ConfigMapping} into it.
     *
     * @param source      {@code ec2} (with the built-in catalog as fallback) or {@code catalog} (built-in only)
     * @param catalog     the built-in catalog's name (allocatable data and on-demand prices; the fallback)
     * @param zones       zones offered when EC2 cannot be asked
     * @param ec2Endpoint EC2 endpoint (e.g. the simulator); null = the SDK's default for the region
     * @param cacheTtl    how long EC2's answers are kept (Karpenter's AWS provider: 5m)
     * @param controller  the {@code controller} tag of the cloud-provider metrics (the service's name)
     */
    public record Settings(String source, String catalog, String region, List<String> zones, URI ec2Endpoint,
                           java.time.Duration cacheTtl, String controller) {
        public Settings {
            zones = List.copyOf(zones);
        }
    }

    private static final Logger LOG = Logger.getLogger(InstanceTypeProvider.class);

    /** What EC2 said, or null fields when it could not be asked. */
    public record Ec2Offerings(Set<String> types, Map<String, Set<String>> zonesByType, Map<String, Double> spotPrice,
                        Instant fetchedAt) {
    }

    /** Everything the instance types of a NodeClass are derived from: the NodeClass' version and EC2's answer. */
    private record NodeClassKey(String nodeClass, String resourceVersion, Instant fetchedAt) {
    }

    /** A NodePool's instance types, valid while its NodeClass key and its requirements are unchanged. */
    private record PoolTypes(NodeClassKey nodeClass, Requirements wanted, List<InstanceType> types) {
    }

    private final Settings config;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final List<CatalogEntry> catalog;
    /**
     * Per NodePool name. Only the types a NodePool's requirements allow are built and kept (a NodePool of c/m/r
     * amd64 types of generation > 5 keeps 522 of the catalog's 1,345): the full catalog as instance types, with
     * labels, requirements and offerings, was the largest block of the provisioner's heap.
     */
    private final Map<String, PoolTypes> byNodePool = new ConcurrentHashMap<>();
    private volatile Ec2Client ec2;
    private volatile Ec2Offerings offerings;
    private volatile Instant lastFailure;

    public InstanceTypeProvider(Settings config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.catalog = BuiltInCatalog.load(this.config.catalog());
    }

    @Override
    public void close() {
        if (ec2 != null) {
            ec2.close();
        }
    }

    /**
     * The instance types of a NodePool (all offerings available; the caller applies unavailable marks): those of its
     * EC2NodeClass that its requirements and template labels allow. The scheduler drops the others from the
     * NodePool's template anyway (with the same intersection), so the result of a pass does not change. Rebuilt when
     * the NodePool's requirements or labels, the NodeClass or EC2's answer change.
     */
    public List<InstanceType> forNodePool(NodePoolTemplate pool, EC2NodeClass nodeClass) {
        Ec2Offerings fromEc2 = ec2Offerings();
        NodeClassKey key = new NodeClassKey(nodeClass.getMetadata().getName(),
            nodeClass.getMetadata().getResourceVersion(), fromEc2 == null ? null : fromEc2.fetchedAt());
        Requirements wanted = wanted(pool);
        PoolTypes cached = byNodePool.get(pool.name());
        if (cached != null && cached.nodeClass().equals(key) && cached.wanted().equals(wanted)) {
            return cached.types();
        }
        // another NodePool with the same requirements on the same NodeClass shares its list
        PoolTypes built = byNodePool.values().stream()
            .filter(p -> p.nodeClass().equals(key) && p.wanted().equals(wanted)).findFirst()
            .orElseGet(() -> {
                List<InstanceType> types = build(nodeClass, fromEc2, name -> true, wanted);
                LOG.infof("NodePool %s, EC2NodeClass %s: %d instance types (%s)", pool.name(), key.nodeClass(),
                    types.size(), fromEc2 == null ? "built-in catalog" : "EC2 offerings and prices");
                return new PoolTypes(key, wanted, types);
            });
        byNodePool.put(pool.name(), built);
        return built.types();
    }

    /** Forgets the instance types of NodePools that are gone. */
    public void retainNodePools(Set<String> names) {
        byNodePool.keySet().retainAll(names);
    }

    /**
     * One instance type of a NodeClass by name, whatever the NodePools allow (an in-flight NodeClaim launched before
     * its NodePool's requirements changed still takes room); empty when the catalog or EC2 does not offer it.
     */
    public Optional<InstanceType> find(EC2NodeClass nodeClass, String name) {
        List<InstanceType> one = build(nodeClass, ec2Offerings(), name::equals, new Requirements());
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /**
     * What a NodePool asks of every instance type whatever the offerings: its requirements and its template labels
     * (the scheduler's template adds the NodePool and NodeClass labels, which no instance type carries).
     */
    public static Requirements wanted(NodePoolTemplate pool) {
        Requirements wanted = pool.requirements().copy();
        pool.labels().forEach((k, v) -> wanted.add(Requirement.in(k, v)));
        return wanted;
    }

    private List<InstanceType> build(EC2NodeClass nodeClass, Ec2Offerings fromEc2, Predicate<String> names,
                                     Requirements wanted) {
        Set<String> subnetZones = subnetZones(nodeClass);
        List<String> allZones = new ArrayList<>(config.zones());
        if (fromEc2 != null) {
            Set<String> zones = new TreeSet<>();
            fromEc2.zonesByType().values().forEach(zones::addAll);
            allZones = new ArrayList<>(zones);
        }
        CatalogInstanceTypes.Options options = new CatalogInstanceTypes.Options(config.region(), allZones,
            List.of(Labels.CAPACITY_TYPE_ON_DEMAND, Labels.CAPACITY_TYPE_SPOT),
            EngineInputs.allocatable(new EksAllocatable.Options(EksAllocatable.DEFAULT_VM_MEMORY_OVERHEAD_PERCENT, 0,
                EksAllocatable.DEFAULT_ROOT_VOLUME_BYTES), nodeClass));
        var kubelet = EngineInputs.kubelet(nodeClass);
        List<InstanceType> out = new ArrayList<>();
        for (CatalogEntry entry : catalog) {
            if (!names.test(entry.name()) || (fromEc2 != null && !fromEc2.types().contains(entry.name()))) {
                continue;
            }
            InstanceType type = CatalogInstanceTypes.build(entry, kubelet, options);
            if (!type.requirements().intersects(wanted)) {
                continue;
            }
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
    public void refresh() {
        if ("ec2".equals(config.source())) {
            fetchNow();
        }
    }

    /** EC2's offerings and spot prices; null when the source is the catalog or EC2 could not be asked. */
    public Ec2Offerings ec2Offerings() {
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
            registry.counter("karpenter.cloudprovider.errors", "controller", config.controller(),
                "method", "GetInstanceTypes", "provider", "aws", "error", e.getClass().getSimpleName()).increment();
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
        Histograms.timer("karpenter.cloudprovider.duration", Histograms.DEF).tags("controller", config.controller(),
                "method", "GetInstanceTypes", "provider", "aws").register(registry)
            .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return new Ec2Offerings(types, zones, spot, now);
    }

    private Ec2Client client() {
        if (ec2 == null) {
            synchronized (this) {
                if (ec2 == null) {
                    ec2 = Ec2Clients.create(config.region(), config.ec2Endpoint());
                }
            }
        }
        return ec2;
    }
}
