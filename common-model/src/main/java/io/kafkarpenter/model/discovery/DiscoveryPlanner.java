package io.kafkarpenter.model.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.kafkarpenter.model.crd.AwsTagKeys;

/**
 * The discovery-tag rules (issue 12): one {@link ResourceVerdict} per resource of a {@link DiscoveryInventory}.
 *
 * <p>For a <b>selected</b> resource (the cluster always; subnets and groups per {@link DiscoverySelection}):
 * <ul>
 *   <li>tag missing, no marker → {@link DiscoveryVerdict#ADD}: tag and marker in one call;</li>
 *   <li>tag missing, this cluster's marker → {@link DiscoveryVerdict#RESTORE}: the tag;</li>
 *   <li>tag missing, another cluster's marker → {@link DiscoveryVerdict#CONFLICT} (writing would overwrite a marker
 *       Kafkarpenter did not write here);</li>
 *   <li>tag = cluster name → {@link DiscoveryVerdict#OK_OURS} with this cluster's marker, else
 *       {@link DiscoveryVerdict#OK_USERS};</li>
 *   <li>tag = another value → {@link DiscoveryVerdict#CONFLICT}: reported, never changed;</li>
 *   <li>selected by id but absent → {@link DiscoveryVerdict#NOT_FOUND}.</li>
 * </ul>
 * A resource <b>not selected</b> that carries this cluster's marker → {@link DiscoveryVerdict#REMOVE}: the marker,
 * and the tag only while it holds the cluster name (each deleted on its exact value); without the marker →
 * {@link DiscoveryVerdict#NOT_SELECTED}, never touched.
 */
public final class DiscoveryPlanner {

    private final String tagKey;
    private final AwsCliCommands commands;

    /**
     * @param tagKey   the discovery tag's key ({@link AwsTagKeys#DISCOVERY} unless configured otherwise)
     * @param commands how fix commands are printed (region, endpoint)
     */
    public DiscoveryPlanner(String tagKey, AwsCliCommands commands) {
        this.tagKey = Objects.requireNonNull(tagKey, "tagKey");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** Verdicts for the cluster, its subnets and security groups, and the selected ids that were not found. */
    public DiscoveryPlan plan(DiscoveryInventory inventory, DiscoverySelection selection) {
        String cluster = inventory.cluster().name();
        List<ResourceVerdict> out = new ArrayList<>();
        out.add(verdict(cluster, DiscoveryResourceType.CLUSTER, cluster, inventory.cluster().arn(), "", true,
            inventory.cluster().tags()));

        List<DiscoveryInventory.Subnet> subnets = new ArrayList<>(inventory.subnets());
        subnets.sort(Comparator.comparing((DiscoveryInventory.Subnet s) -> !s.inCluster())
            .thenComparing(s -> s.zone() == null ? "" : s.zone())
            .thenComparing(DiscoveryInventory.Subnet::isPublic)
            .thenComparing(DiscoveryInventory.Subnet::id));
        for (DiscoveryInventory.Subnet s : subnets) {
            out.add(verdict(cluster, DiscoveryResourceType.SUBNET, s.id(), s.id(), subnetDetail(s),
                selection.selects(s), s.tags()));
        }
        for (String id : selection.subnetIds()) {
            if (subnets.stream().noneMatch(s -> s.id().equals(id))) {
                out.add(notFound(DiscoveryResourceType.SUBNET, id));
            }
        }

        List<DiscoveryInventory.SecurityGroup> groups = new ArrayList<>(inventory.securityGroups());
        groups.sort(Comparator.comparing((DiscoveryInventory.SecurityGroup g) -> !g.clusterSecurityGroup())
            .thenComparing(DiscoveryInventory.SecurityGroup::id));
        for (DiscoveryInventory.SecurityGroup g : groups) {
            out.add(verdict(cluster, DiscoveryResourceType.SECURITY_GROUP, g.id(), g.id(), groupDetail(g),
                selection.selects(g), g.tags()));
        }
        for (String id : selection.securityGroupIds()) {
            if (groups.stream().noneMatch(g -> g.id().equals(id))) {
                out.add(notFound(DiscoveryResourceType.SECURITY_GROUP, id));
            }
        }
        return new DiscoveryPlan(cluster, tagKey, out);
    }

    private ResourceVerdict verdict(String cluster, DiscoveryResourceType type, String id, String writeId,
                                    String detail, boolean selected, Map<String, String> tags) {
        String tag = tags.get(tagKey);
        String marker = tags.get(AwsTagKeys.DISCOVERY_MARKER);
        boolean ours = cluster.equals(marker);
        String otherMarker = marker != null && !ours ? marker : null;
        if (!selected) {
            if (!ours) {
                return new ResourceVerdict(type, id, detail, DiscoveryVerdict.NOT_SELECTED, tag, otherMarker,
                    Optional.empty(), Optional.empty());
            }
            Map<String, String> remove = new LinkedHashMap<>();
            if (cluster.equals(tag)) {
                remove.put(tagKey, cluster);
            }
            remove.put(AwsTagKeys.DISCOVERY_MARKER, cluster);
            TagChange change = new TagChange(type, writeId, TagChange.Operation.DELETE, remove);
            return new ResourceVerdict(type, id, detail, DiscoveryVerdict.REMOVE, tag, null, Optional.of(change),
                Optional.of(commands.command(change)));
        }
        if (tag == null) {
            if (otherMarker != null) {
                return new ResourceVerdict(type, id, detail, DiscoveryVerdict.CONFLICT, null, otherMarker,
                    Optional.empty(), Optional.empty());
            }
            // by hand, as the workshop does it: the tag alone (a tag people write is theirs, never removed)
            TagChange byHand = new TagChange(type, writeId, TagChange.Operation.CREATE, Map.of(tagKey, cluster));
            Map<String, String> write = new LinkedHashMap<>();
            write.put(tagKey, cluster);
            if (!ours) {
                write.put(AwsTagKeys.DISCOVERY_MARKER, cluster);
            }
            TagChange change = new TagChange(type, writeId, TagChange.Operation.CREATE, write);
            return new ResourceVerdict(type, id, detail, ours ? DiscoveryVerdict.RESTORE : DiscoveryVerdict.ADD,
                null, null, Optional.of(change), Optional.of(commands.command(byHand)));
        }
        if (tag.equals(cluster)) {
            return new ResourceVerdict(type, id, detail, ours ? DiscoveryVerdict.OK_OURS : DiscoveryVerdict.OK_USERS,
                tag, otherMarker, Optional.empty(), Optional.empty());
        }
        return new ResourceVerdict(type, id, detail, DiscoveryVerdict.CONFLICT, tag, otherMarker, Optional.empty(),
            Optional.empty());
    }

    private static ResourceVerdict notFound(DiscoveryResourceType type, String id) {
        return new ResourceVerdict(type, id, "", DiscoveryVerdict.NOT_FOUND, null, null, Optional.empty(),
            Optional.empty());
    }

    private static String subnetDetail(DiscoveryInventory.Subnet s) {
        String zone = s.zone() == null ? "" : s.zone() + ", ";
        return zone + (s.isPublic() ? "public" : "private") + (s.inCluster() ? "" : ", not in the cluster");
    }

    private static String groupDetail(DiscoveryInventory.SecurityGroup g) {
        String name = g.name() == null ? "" : g.name();
        if (g.clusterSecurityGroup()) {
            return name.isEmpty() ? "cluster security group" : name + ", cluster security group";
        }
        return name;
    }
}
