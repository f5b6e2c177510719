package io.kafkarpenter.launcher.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkarpenter.launcher.ec2.NodeClassStatusReader.LaunchInputs;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassSpec;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.model.crd.fixtures.NodeClassFixtures;

class NodeClassStatusReaderTest {

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private final NodeClassStatusReader reader = new NodeClassStatusReader(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    private static EC2NodeClass nodeClass() {
        EC2NodeClass nc = new EC2NodeClass();
        nc.setMetadata(new ObjectMetaBuilder().withName("default").withGeneration(2L).build());
        nc.setSpec(new EC2NodeClassSpec());
        return nc;
    }

    @Test
    void perZoneTheFirstStatusSubnetIsUsedAndAnExhaustedOneIsSkippedForAMinute() {
        EC2NodeClass nc = NodeClassFixtures.status().subnet("us-east-1a", "subnet-most-free").subnet("us-east-1b", "subnet-b")
            .subnet("us-east-1a", "subnet-less-free").applyTo(nodeClass());
        LaunchInputs inputs = reader.read(nc);

        assertThat(reader.zonalSubnets(inputs)).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().getId())
            .containsExactly("us-east-1a=subnet-most-free", "us-east-1b=subnet-b");

        reader.exhausted("subnet-most-free");
        assertThat(reader.zonalSubnets(inputs)).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().getId())
            .containsExactlyInAnyOrder("us-east-1a=subnet-less-free", "us-east-1b=subnet-b");

        reader.exhausted("subnet-less-free");
        assertThat(reader.zonalSubnets(inputs)).as("no usable subnet left in us-east-1a").containsOnlyKeys("us-east-1b");

        now = now.plus(NodeClassStatusReader.EXHAUSTED_SUBNET_TTL).plus(Duration.ofSeconds(1));
        assertThat(reader.zonalSubnets(inputs)).extractingFromEntries(e -> e.getValue().getId())
            .containsExactlyInAnyOrder("subnet-most-free", "subnet-b");
    }

    @Test
    void aClassIsUsableOnlyWhenReadyWithSubnetsGroupsAmisAndAProfile() {
        assertThat(reader.unusable(NodeClassFixtures.ready(nodeClass()))).isEmpty();
        assertThat(reader.unusable(nodeClass())).get().asString().contains("no Ready condition");
        assertThat(reader.unusable(NodeClassFixtures.status().notReady("AMINotFound", "AMISelector did not match any AMIs")
            .applyTo(nodeClass()))).contains("Ready=False: AMISelector did not match any AMIs");
        EC2NodeClass stale = NodeClassFixtures.ready(nodeClass());
        stale.getMetadata().setGeneration(3L);
        assertThat(reader.unusable(stale)).get().asString().contains("generation 2").contains("generation 3");
        EC2NodeClass noProfile = NodeClassFixtures.status().instanceProfile(null).applyTo(nodeClass());
        assertThat(reader.unusable(noProfile)).contains("no instance profile in its status");
        noProfile.getSpec().setInstanceProfile("MyProfile");
        assertThat(reader.unusable(noProfile)).isEmpty();
        assertThat(reader.read(noProfile).instanceProfile()).isEqualTo("MyProfile");
    }

    @Test
    void theSecurityGroupsAndTheAmiOfEachInstanceTypeComeFromTheStatus() {
        EC2NodeClass nc = NodeClassFixtures.status().securityGroup("sg-2", "b").securityGroup("sg-1", "a")
            .ami(NodeClassFixtures.standardAmi("ami-std", "amd64")).ami(NodeClassFixtures.nvidiaAmi("ami-gpu", "amd64"))
            .applyTo(nodeClass());
        LaunchInputs inputs = reader.read(nc);

        assertThat(inputs.securityGroupIds()).containsExactly("sg-1", "sg-2");
        assertThat(inputs.subnets()).extracting(SubnetStatus::getId).containsExactly("subnet-a", "subnet-b", "subnet-c");
        assertThat(reader.ami(inputs, Map.of("kubernetes.io/arch", "amd64"))).get().extracting(a -> a.id()).isEqualTo("ami-std");
        assertThat(reader.ami(inputs, Map.of("kubernetes.io/arch", "amd64", NodeClassFixtures.GPU_COUNT, "4")))
            .get().extracting(a -> a.id()).isEqualTo("ami-gpu");
        assertThat(reader.ami(inputs, Map.of("kubernetes.io/arch", "arm64"))).isEmpty();
    }
}
