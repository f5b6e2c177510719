package io.kafkarpenter.sandbox.e2e.chaos;

import java.util.UUID;

import io.kafkarpenter.sandbox.e2e.Sandbox;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * An instance that is not this cluster's. For the chaos run, a bait for the garbage collector and the consolidator: one
 * carrying
 * {@code karpenter.sh/nodeclaim} and {@code karpenter.sh/nodepool} tags but another cluster's ownership tag. No
 * NodeClaim claims it, and it is not ours: terminating it breaks "no instance terminated without the ownership tags".
 */
public final class ForeignInstance {

    private ForeignInstance() {
    }

    static String launch(Sandbox sandbox, ChaosLedger ledger) {
        String id = launch(sandbox.ec2(), tag("kubernetes.io/cluster/another-cluster", "owned"),
            tag("karpenter.sh/nodepool", "spot"), tag("karpenter.sh/nodeclaim", "spot-foreign"));
        ledger.tally("foreign instance (bait, must survive)");
        ledger.say("foreign instance " + id + ": NodePool and NodeClaim tags, another cluster's ownership tag");
        return id;
    }

    /**
     * A c6a.large launched with CreateFleet from a launch template of its own (the AL2023 AMI), with only the given
     * tags: no Node registers for it unless they make it this cluster's. Returns its instance id.
     */
    public static String launch(Ec2Client ec2, Tag... tags) {
        String ami = ec2.describeImages(r -> r.owners("amazon").filters(
                f -> f.name("name").values("amazon-eks-node-al2023-x86_64-standard-*")))
            .images().get(0).imageId();
        String subnet = ec2.describeSubnets(r -> { }).subnets().get(0).subnetId();
        String template = ec2.createLaunchTemplate(r -> r.launchTemplateName("foreign-" + UUID.randomUUID())
            .launchTemplateData(d -> d.imageId(ami))).launchTemplate().launchTemplateId();
        CreateFleetResponse r = ec2.createFleet(f -> f.type(FleetType.INSTANT)
            .clientToken("foreign-" + UUID.randomUUID())
            .launchTemplateConfigs(c -> c.launchTemplateSpecification(s -> s.launchTemplateId(template).version("$Latest"))
                .overrides(o -> o.instanceType("c6a.large").subnetId(subnet)))
            .targetCapacitySpecification(t -> t.totalTargetCapacity(1).defaultTargetCapacityType("on-demand"))
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build()));
        if (r.instances().isEmpty() || r.instances().get(0).instanceIds().isEmpty()) {
            throw new IllegalStateException("the foreign instance was not launched: " + r.errors());
        }
        return r.instances().get(0).instanceIds().get(0);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
