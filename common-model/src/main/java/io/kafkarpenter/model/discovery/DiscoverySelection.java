package io.kafkarpenter.model.discovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which subnets and security groups get the discovery tag (the EKS cluster always does).
 *
 * <ul>
 *   <li>subnets: {@link SubnetMode#PRIVATE} (default: the cluster's subnets without a route 0.0.0.0/0 to an internet
 *       gateway), {@link SubnetMode#ALL} (every subnet of the cluster) or {@link SubnetMode#IDS} (exactly the listed
 *       subnets, whether or not they are the cluster's);</li>
 *   <li>security groups: {@link GroupMode#CLUSTER} (default: the EKS cluster security group) or {@link GroupMode#IDS}
 *       (exactly the listed groups).</li>
 * </ul>
 *
 * Parsed from the settings {@code kk.tag-reconciler.subnets} / {@code security-groups} (or {@code bin/kk tags
 * --subnets} / {@code --security-groups}): {@code private}, {@code all}, {@code cluster} or a comma-separated list of
 * ids. A bad value throws {@link IllegalArgumentException} whose message names the setting.
 */
public record DiscoverySelection(SubnetMode subnets, Set<String> subnetIds, GroupMode securityGroups,
                                 Set<String> securityGroupIds) {

    /** The tag-reconciler's setting names, quoted in parse errors. */
    public static final String SUBNETS_SETTING = "kk.tag-reconciler.subnets";
    public static final String SECURITY_GROUPS_SETTING = "kk.tag-reconciler.security-groups";

    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-zA-Z]+");
    private static final Pattern GROUP_ID = Pattern.compile("sg-[0-9a-zA-Z]+");

    /** How subnets are selected. */
    public enum SubnetMode { PRIVATE, ALL, IDS }

    /** How security groups are selected. */
    public enum GroupMode { CLUSTER, IDS }

    public DiscoverySelection {
        Objects.requireNonNull(subnets, "subnets");
        Objects.requireNonNull(securityGroups, "securityGroups");
        subnetIds = Collections.unmodifiableSet(new LinkedHashSet<>(subnetIds));
        securityGroupIds = Collections.unmodifiableSet(new LinkedHashSet<>(securityGroupIds));
    }

    /** The defaults: private subnets and the cluster security group. */
    public static DiscoverySelection defaults() {
        return new DiscoverySelection(SubnetMode.PRIVATE, Set.of(), GroupMode.CLUSTER, Set.of());
    }

    /** Parses the tag-reconciler's two settings; errors name {@link #SUBNETS_SETTING} / {@link #SECURITY_GROUPS_SETTING}. */
    public static DiscoverySelection parse(String subnets, String securityGroups) {
        return parse(subnets, SUBNETS_SETTING, securityGroups, SECURITY_GROUPS_SETTING);
    }

    /**
     * Parses both values; a bad one throws {@link IllegalArgumentException} naming {@code subnetsSetting} or
     * {@code groupsSetting} (e.g. {@code --subnets} for the CLI). Blank or null means the default.
     */
    public static DiscoverySelection parse(String subnets, String subnetsSetting, String securityGroups,
                                           String groupsSetting) {
        SubnetMode subnetMode;
        List<String> subnetIds = List.of();
        String s = subnets == null ? "" : subnets.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("private")) {
            subnetMode = SubnetMode.PRIVATE;
        } else if (s.equalsIgnoreCase("all")) {
            subnetMode = SubnetMode.ALL;
        } else {
            subnetMode = SubnetMode.IDS;
            subnetIds = ids(s, subnetsSetting, SUBNET_ID, "private, all or a comma-separated list of subnet ids");
        }
        GroupMode groupMode;
        List<String> groupIds = List.of();
        String g = securityGroups == null ? "" : securityGroups.trim();
        if (g.isEmpty() || g.equalsIgnoreCase("cluster")) {
            groupMode = GroupMode.CLUSTER;
        } else {
            groupMode = GroupMode.IDS;
            groupIds = ids(g, groupsSetting, GROUP_ID, "cluster or a comma-separated list of security group ids");
        }
        return new DiscoverySelection(subnetMode, new LinkedHashSet<>(subnetIds), groupMode,
            new LinkedHashSet<>(groupIds));
    }

    private static List<String> ids(String value, String setting, Pattern pattern, String expected) {
        List<String> ids = new ArrayList<>();
        for (String part : value.split(",")) {
            String id = part.trim();
            if (!pattern.matcher(id).matches()) {
                throw new IllegalArgumentException(setting + "=" + value + " is not valid: \"" + id
                    + "\" is not " + (id.isEmpty() ? "an id" : "a valid id") + "; expected " + expected);
            }
            ids.add(id);
        }
        return ids;
    }

    /** Whether this subnet is to carry the discovery tag. */
    public boolean selects(DiscoveryInventory.Subnet subnet) {
        return switch (subnets) {
            case PRIVATE -> subnet.inCluster() && !subnet.isPublic();
            case ALL -> subnet.inCluster();
            case IDS -> subnetIds.contains(subnet.id());
        };
    }

    /** Whether this security group is to carry the discovery tag. */
    public boolean selects(DiscoveryInventory.SecurityGroup group) {
        return switch (securityGroups) {
            case CLUSTER -> group.clusterSecurityGroup();
            case IDS -> securityGroupIds.contains(group.id());
        };
    }

    /** The settings' text form: {@code private}, {@code all}, {@code cluster} or the id list. */
    public String describeSubnets() {
        return subnets == SubnetMode.IDS ? String.join(",", subnetIds) : subnets.name().toLowerCase(Locale.ROOT);
    }

    /** The settings' text form of the security-group selection. */
    public String describeSecurityGroups() {
        return securityGroups == GroupMode.IDS ? String.join(",", securityGroupIds)
            : securityGroups.name().toLowerCase(Locale.ROOT);
    }
}
