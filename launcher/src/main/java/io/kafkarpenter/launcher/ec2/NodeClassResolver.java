package io.kafkarpenter.launcher.ec2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.SecurityGroupSelectorTerm;
import io.kafkarpenter.model.crd.SubnetSelectorTerm;
import io.kafkarpenter.service.ec2.AmiResolver;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Resolves an EC2NodeClass' selector terms into what a launch needs (karpenter-aws §4.1–4.2): its subnets (with
 * free-IP counts, one per zone chosen at launch), security groups and one AMI per architecture ({@link AmiResolver}, shared with the consolidator's AMI drift). Terms are ORed,
 * fields in a term ANDed; a tag value {@code *} becomes a {@code tag-key} filter; results are de-duplicated by ID.
 * Cached per NodeClass generation for a minute (Karpenter's provider caches).
 */
@ApplicationScoped
public class NodeClassResolver {

    public static final Duration CACHE_TTL = Duration.ofMinutes(1);

    /** A subnet the NodeClass selects. */
    public record SubnetInfo(String id, String zone, int availableIps) {
    }

    /** What the NodeClass resolves to; {@code amiByArch} keyed by Kubernetes arch ({@code amd64}, {@code arm64}). */
    public record Resolved(List<SubnetInfo> subnets, List<String> securityGroupIds, Map<String, String> amiByArch, Instant at) {
        /** Per zone, the subnet with the most free IPs (ties keep the first), as Karpenter's ZonalSubnetsForLaunch. */
        public Map<String, SubnetInfo> zonalSubnets() {
            Map<String, SubnetInfo> out = new LinkedHashMap<>();
            for (SubnetInfo s : subnets) {
                SubnetInfo best = out.get(s.zone());
                if (best == null || s.availableIps() > best.availableIps()) {
                    out.put(s.zone(), s);
                }
            }
            return out;
        }
    }

    private final Ec2Client ec2;
    private final AmiResolver amis;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

    NodeClassResolver(Ec2Client ec2) {
        this.ec2 = ec2;
        this.amis = new AmiResolver(ec2);
    }

    public Resolved resolve(EC2NodeClass nodeClass) {
        String key = nodeClass.getMetadata().getName() + "/" + nodeClass.getMetadata().getGeneration();
        Resolved cached = cache.get(key);
        Instant now = clock.instant();
        if (cached != null && cached.at().plus(CACHE_TTL).isAfter(now)) {
            return cached;
        }
        Resolved fresh = new Resolved(subnets(nodeClass), securityGroups(nodeClass), amis.amis(nodeClass), now);
        cache.put(key, fresh);
        return fresh;
    }

    /** Forgets cached subnets (e.g. after {@code InsufficientFreeAddressesInSubnet}). */
    public void invalidate(EC2NodeClass nodeClass) {
        cache.remove(nodeClass.getMetadata().getName() + "/" + nodeClass.getMetadata().getGeneration());
    }

    private List<SubnetInfo> subnets(EC2NodeClass nodeClass) {
        Map<String, SubnetInfo> byId = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (SubnetSelectorTerm term : nodeClass.getSpec().getSubnetSelectorTerms()) {
            if (term.getId() != null) {
                ids.add(term.getId());
            } else if (term.getTags() != null && !term.getTags().isEmpty()) {
                ec2.describeSubnetsPaginator(r -> r.filters(tagFilters(term.getTags())).maxResults(500)).subnets()
                    .forEach(s -> byId.putIfAbsent(s.subnetId(), info(s)));
            }
        }
        if (!ids.isEmpty()) {
            ec2.describeSubnetsPaginator(r -> r.filters(Filter.builder().name("subnet-id").values(ids).build()))
                .subnets().forEach(s -> byId.putIfAbsent(s.subnetId(), info(s)));
        }
        return List.copyOf(byId.values());
    }

    private static SubnetInfo info(Subnet s) {
        return new SubnetInfo(s.subnetId(), s.availabilityZone(),
            s.availableIpAddressCount() == null ? 0 : s.availableIpAddressCount());
    }

    private List<String> securityGroups(EC2NodeClass nodeClass) {
        Map<String, String> byId = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SecurityGroupSelectorTerm term : nodeClass.getSpec().getSecurityGroupSelectorTerms()) {
            if (term.getId() != null) {
                ids.add(term.getId());
            } else if (term.getName() != null && (term.getTags() == null || term.getTags().isEmpty())) {
                names.add(term.getName());
            } else if (term.getTags() != null && !term.getTags().isEmpty()) {
                List<Filter> filters = new ArrayList<>(tagFilters(term.getTags()));
                if (term.getName() != null) {
                    filters.add(Filter.builder().name("group-name").values(term.getName()).build());
                }
                ec2.describeSecurityGroupsPaginator(r -> r.filters(filters).maxResults(500)).securityGroups()
                    .forEach(g -> byId.putIfAbsent(g.groupId(), g.groupName()));
            }
        }
        if (!ids.isEmpty()) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(Filter.builder().name("group-id").values(ids).build()))
                .securityGroups().forEach(g -> byId.putIfAbsent(g.groupId(), g.groupName()));
        }
        if (!names.isEmpty()) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(Filter.builder().name("group-name").values(names).build()))
                .securityGroups().forEach((SecurityGroup g) -> byId.putIfAbsent(g.groupId(), g.groupName()));
        }
        return byId.keySet().stream().sorted().toList();
    }

    public static List<Filter> tagFilters(Map<String, String> tags) {
        return AmiResolver.tagFilters(tags);
    }
}
