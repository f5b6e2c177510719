package io.kafkarpenter.model.discovery;

import java.util.List;
import java.util.Objects;

/**
 * The planner's verdict on every resource of one cluster (cluster first, then subnets, then security groups), and
 * what follows from them.
 *
 * @param clusterName the discovery tag's value
 * @param tagKey      the discovery tag's key (normally {@code karpenter.sh/discovery})
 * @param resources   one verdict per resource
 */
public record DiscoveryPlan(String clusterName, String tagKey, List<ResourceVerdict> resources) {

    public DiscoveryPlan {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(tagKey, "tagKey");
        resources = List.copyOf(resources);
    }

    /** The resources with something to write (ADD, RESTORE, REMOVE), in plan order. */
    public List<ResourceVerdict> changes() {
        return resources.stream().filter(r -> r.change().isPresent()).toList();
    }

    /** The resources in conflict. */
    public List<ResourceVerdict> conflicts() {
        return resources.stream().filter(r -> r.verdict() == DiscoveryVerdict.CONFLICT).toList();
    }

    /** The conflicts as text, e.g. {@code subnet subnet-0abc (us-east-1a, private): karpenter.sh/discovery holds ...}. */
    public List<String> conflictTexts() {
        return conflicts().stream().map(r -> r.conflictText(tagKey, clusterName)).toList();
    }

    /** True when every selected resource carries the tag with the cluster name (what {@code kk tags check} asks). */
    public boolean allSelectedTagged() {
        return resources.stream().filter(r -> r.verdict().selected()).allMatch(r -> r.verdict().tagged());
    }

    /** How many resources of {@code type} have {@code verdict}. */
    public int count(DiscoveryResourceType type, DiscoveryVerdict verdict) {
        return (int) resources.stream().filter(r -> r.type() == type && r.verdict() == verdict).count();
    }

    /** The verdict on one resource by type and id (cluster: its name). */
    public java.util.Optional<ResourceVerdict> find(DiscoveryResourceType type, String id) {
        return resources.stream().filter(r -> r.type() == type && r.id().equals(id)).findFirst();
    }
}
