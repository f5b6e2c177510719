package io.kafkarpenter.service.aws;

import java.util.Objects;

import io.kafkarpenter.model.discovery.AwsCliCommands;
import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryPlanner;
import io.kafkarpenter.model.discovery.DiscoverySelection;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * The discovery-tag pass shared by the tag-reconciler and {@code bin/kk tags}: read the inventory, plan, and (via
 * {@link #writer()}) write. Holds no state between passes.
 */
public final class DiscoveryTags {

    private final DiscoveryInventoryReader reader;
    private final DiscoveryPlanner planner;
    private final DiscoveryTagWriter writer;

    public DiscoveryTags(DiscoveryInventoryReader reader, DiscoveryPlanner planner, DiscoveryTagWriter writer) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * @param tagKey          the discovery tag key ({@code karpenter.sh/discovery})
     * @param region          printed in fix commands as {@code --region}
     * @param commandEndpoint printed in fix commands as {@code --endpoint-url} (the simulator); null: none
     * @param dryRun          the writer writes nothing
     */
    public static DiscoveryTags create(Ec2Client ec2, EksClient eks, String tagKey, String region,
                                       String commandEndpoint, boolean dryRun) {
        return new DiscoveryTags(new DiscoveryInventoryReader(ec2, eks),
            new DiscoveryPlanner(tagKey, new AwsCliCommands(region, commandEndpoint)),
            new DiscoveryTagWriter(ec2, eks, dryRun));
    }

    /** Reads AWS and plans: one verdict per resource. Nothing is written. */
    public DiscoveryPlan plan(String clusterName, DiscoverySelection selection) {
        return planner.plan(reader.read(clusterName, selection), selection);
    }

    public DiscoveryTagWriter writer() {
        return writer;
    }
}
