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
 * A bait for the garbage collector and the consolidator: an instance in the sandbox's account carrying
 * {@code karpenter.sh/nodeclaim} and {@code karpenter.sh/nodepool} tags but another cluster's ownership tag. No
 * NodeClaim claims it, and it is not ours: terminating it breaks "no instance terminated without the ownership tags".
 */
final class ForeignInstance {

    private ForeignInstance() {
    }

    static String launch(Sandbox sandbox, ChaosLedger ledger) {
        Ec2Client ec2 = sandbox.ec2();
        String ami = ec2.describeImages(r -> r.owners("amazon").filters(
                f -> f.name("name").values("amazon-eks-node-al2023-x86_64-standard-*")))
            .images().get(0).imageId();
        String subnet = ec2.describeSubnets(r -> { }).subnets().get(0).subnetId();
        String template = ec2.createLaunchTemplate(r -> r.launchTemplateName("chaos-foreign-" + UUID.randomUUID())
            .launchTemplateData(d -> d.imageId(ami))).launchTemplate().launchTemplateId();
        CreateFleetResponse r = ec2.createFleet(f -> f.type(FleetType.INSTANT)
            .clientToken("chaos-foreign-" + UUID.randomUUID())
            .launchTemplateConfigs(c -> c.launchTemplateSpecification(s -> s.launchTemplateId(template).version("$Latest"))
                .overrides(o -> o.instanceType("c6a.large").subnetId(subnet)))
            .targetCapacitySpecification(t -> t.totalTargetCapacity(1).defaultTargetCapacityType("on-demand"))
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                tag("kubernetes.io/cluster/another-cluster", "owned"), tag("karpenter.sh/nodepool", "spot"),
                tag("karpenter.sh/nodeclaim", "spot-foreign")).build()));
        if (r.instances().isEmpty() || r.instances().get(0).instanceIds().isEmpty()) {
            throw new IllegalStateException("the foreign instance was not launched: " + r.errors());
        }
        String id = r.instances().get(0).instanceIds().get(0);
        ledger.tally("foreign instance (bait, must survive)");
        ledger.say("foreign instance " + id + ": NodePool and NodeClaim tags, another cluster's ownership tag");
        return id;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
