package io.kafkarpenter.tagreconciler.nodeclass;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.SecurityGroupSelectorTerm;
import io.kafkarpenter.model.crd.SecurityGroupStatus;
import io.kafkarpenter.model.crd.SubnetSelectorTerm;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.service.ec2.AmiResolver;
import io.kafkarpenter.tagreconciler.aws.AwsApis;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * An EC2NodeClass' subnet and security-group selector terms resolved with DescribeSubnets / DescribeSecurityGroups
 * (karpenter-aws §4.1): terms are ORed, the fields of a term ANDed; one call per term; results de-duplicated by id.
 * Subnets sorted by free IPs (most first), then id; groups by id. Which terms matched nothing is kept for the
 * condition messages.
 */
@ApplicationScoped
public class SelectorResolver {

    /** What a list of terms selected, and the terms (as text) that selected nothing. */
    public record Resolved<T>(List<T> items, List<String> emptyTerms) {
    }

    private final AwsApis aws;

    SelectorResolver(AwsApis aws) {
        this.aws = aws;
    }

    public Resolved<SubnetStatus> subnets(EC2NodeClass c) {
        List<SubnetSelectorTerm> terms = c.getSpec().getSubnetSelectorTerms() == null ? List.of()
            : c.getSpec().getSubnetSelectorTerms();
        Map<String, Subnet> byId = new LinkedHashMap<>();
        List<String> empty = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            SubnetSelectorTerm term = terms.get(i);
            List<Filter> filters = new ArrayList<>(term.getTags() == null ? List.of() : AmiResolver.tagFilters(term.getTags()));
            if (term.getId() != null) {
                filters.add(Filter.builder().name("subnet-id").values(term.getId()).build());
            }
            List<Subnet> found = new ArrayList<>();
            aws.ec2().describeSubnetsPaginator(r -> r.filters(filters)).subnets().forEach(found::add);
            if (found.isEmpty()) {
                empty.add(describe("subnetSelectorTerms", i, term.getTags(), term.getId(), null));
            }
            found.forEach(s -> byId.putIfAbsent(s.subnetId(), s));
        }
        List<SubnetStatus> out = byId.values().stream()
            .sorted(Comparator.comparing((Subnet s) -> s.availableIpAddressCount() == null ? 0 : s.availableIpAddressCount())
                .reversed().thenComparing(Subnet::subnetId))
            .map(s -> new SubnetStatus(s.subnetId(), s.availabilityZone(), s.availabilityZoneId()))
            .toList();
        return new Resolved<>(out, empty);
    }

    public Resolved<SecurityGroupStatus> securityGroups(EC2NodeClass c) {
        List<SecurityGroupSelectorTerm> terms = c.getSpec().getSecurityGroupSelectorTerms() == null ? List.of()
            : c.getSpec().getSecurityGroupSelectorTerms();
        Map<String, SecurityGroup> byId = new LinkedHashMap<>();
        List<String> empty = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            SecurityGroupSelectorTerm term = terms.get(i);
            List<Filter> filters = new ArrayList<>(term.getTags() == null ? List.of() : AmiResolver.tagFilters(term.getTags()));
            if (term.getId() != null) {
                filters.add(Filter.builder().name("group-id").values(term.getId()).build());
            }
            if (term.getName() != null) {
                filters.add(Filter.builder().name("group-name").values(term.getName()).build());
            }
            List<SecurityGroup> found = new ArrayList<>();
            aws.ec2().describeSecurityGroupsPaginator(r -> r.filters(filters)).securityGroups().forEach(found::add);
            if (found.isEmpty()) {
                empty.add(describe("securityGroupSelectorTerms", i, term.getTags(), term.getId(), term.getName()));
            }
            found.forEach(g -> byId.putIfAbsent(g.groupId(), g));
        }
        List<SecurityGroupStatus> out = byId.values().stream().sorted(Comparator.comparing(SecurityGroup::groupId))
            .map(g -> new SecurityGroupStatus(g.groupId(), g.groupName())).toList();
        return new Resolved<>(out, empty);
    }

    /** {@code subnetSelectorTerms[0] {tags: karpenter.sh/discovery=demo}}. */
    static String describe(String list, int index, Map<String, String> tags, String id, String name) {
        List<String> parts = new ArrayList<>();
        if (tags != null && !tags.isEmpty()) {
            List<String> kv = new ArrayList<>();
            tags.forEach((k, v) -> kv.add(k + "=" + v));
            parts.add("tags: " + String.join(", ", kv));
        }
        if (id != null) {
            parts.add("id: " + id);
        }
        if (name != null) {
            parts.add("name: " + name);
        }
        return list + "[" + index + "] {" + String.join("; ", parts) + "}";
    }
}
