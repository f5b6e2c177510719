package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

class TagsIT {
    private SimulatedEc2 sim;
    private String instanceId;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start().withLaunchTemplate();
        instanceId = sim.ec2.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, 1,
                List.of(sim.override("c5.large", "us-east-1a"))).build()).instances().get(0).instanceIds().get(0);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private List<String> instanceTags() {
        return sim.ec2.describeTags(r -> r.filters(f -> f.name("resource-id").values(instanceId))).tags().stream()
                .map(t -> t.key() + "=" + t.value()).toList();
    }

    @Test
    void createTagsAddsAndOverwritesDeleteTagsRemoves() {
        sim.ec2.createTags(r -> r.resources(instanceId).tags(
                Tag.builder().key("Name").value("ip-10-0-1-4.ec2.internal").build(),
                Tag.builder().key("karpenter.sh/nodeclaim").value("default-x1").build(),
                Tag.builder().key("karpenter.sh/nodepool").value("other").build()));

        assertThat(instanceTags()).containsExactly("karpenter.sh/nodepool=other", "eks:eks-cluster-name=" + SimulatedEc2.CLUSTER,
                "Name=ip-10-0-1-4.ec2.internal", "karpenter.sh/nodeclaim=default-x1");

        sim.ec2.deleteTags(r -> r.resources(instanceId).tags(Tag.builder().key("Name").build(),
                Tag.builder().key("karpenter.sh/nodeclaim").value("not-this-value").build()));

        assertThat(instanceTags()).containsExactly("karpenter.sh/nodepool=other", "eks:eks-cluster-name=" + SimulatedEc2.CLUSTER,
                "karpenter.sh/nodeclaim=default-x1");
    }

    @Test
    void describeTagsFiltersByKeyValueAndResourceTypeAndPages() {
        List<TagDescription> discovery = sim.ec2.describeTags(r -> r.filters(
                f -> f.name("key").values("karpenter.sh/discovery"))).tags();
        assertThat(discovery).extracting(TagDescription::resourceTypeAsString).containsExactly("subnet", "subnet", "subnet", "security-group");
        assertThat(discovery).extracting(TagDescription::value).containsOnly(SimulatedEc2.CLUSTER);

        List<TagDescription> all = sim.ec2.describeTagsPaginator(r -> r.maxResults(5)).tags().stream().toList();
        assertThat(all.size()).isGreaterThan(10);
        assertThat(all).extracting(t -> t.resourceId() + t.key()).doesNotHaveDuplicates();
    }

    @Test
    void reservedKeysUnknownResourcesAndTooManyTagsAreRefused() {
        assertThatThrownBy(() -> sim.ec2.createTags(r -> r.resources(instanceId).tags(t -> t.key("aws:owner").value("x"))))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> sim.ec2.createTags(r -> r.resources("i-0000000000000000f").tags(t -> t.key("a").value("b"))))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
        List<Tag> many = IntStream.range(0, 60).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertThatThrownBy(() -> sim.ec2.createTags(r -> r.resources(instanceId).tags(many)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TagLimitExceeded"));
        assertThatThrownBy(() -> sim.ec2.createTags(r -> r.resources(instanceId)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter"));
    }

    @Test
    void subnetsAndSecurityGroupsCanBeTaggedLikeTheTagReconcilerDoes() {
        String subnet = sim.subnet("us-east-1c");
        sim.ec2.createTags(r -> r.resources(subnet, sim.nodeSecurityGroup()).tags(t -> t.key("team").value("kafka")));

        assertThat(sim.ec2.describeSubnets(r -> r.filters(f -> f.name("tag:team").values("kafka"))).subnets())
                .extracting(s -> s.subnetId()).containsExactly(subnet);
        assertThat(sim.ec2.describeSecurityGroups(r -> r.filters(f -> f.name("tag:team").values("kafka"))).securityGroups())
                .extracting(g -> g.groupId()).containsExactly(sim.nodeSecurityGroup());
    }
}
