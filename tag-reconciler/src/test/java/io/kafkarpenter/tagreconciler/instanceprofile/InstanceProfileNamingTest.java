package io.kafkarpenter.tagreconciler.instanceprofile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class InstanceProfileNamingTest {

    @Test
    void nameIsClusterAndAStableHashOfRegionAndClassPathAndTagsAsKarpenter() {
        String name = InstanceProfileNaming.name("demo", "us-east-1", "default");
        assertThat(name).matches("demo_[0-9]+").isEqualTo(InstanceProfileNaming.name("demo", "us-east-1", "default"))
            .isNotEqualTo(InstanceProfileNaming.name("demo", "us-west-2", "default"));
        assertThat(InstanceProfileNaming.path("demo", "us-east-1", "uid-1")).isEqualTo("/karpenter/us-east-1/demo/uid-1/");
        assertThat(InstanceProfileNaming.tags(Map.of("team", "a", "eks:eks-cluster-name", "spoofed"), "demo", "us-east-1",
            "default")).containsEntry("team", "a").containsEntry("kubernetes.io/cluster/demo", "owned")
            .containsEntry("eks:eks-cluster-name", "demo").containsEntry("karpenter.k8s.aws/ec2nodeclass", "default")
            .containsEntry("topology.kubernetes.io/region", "us-east-1");
        assertThat(InstanceProfileNaming.roleName("arn:aws:iam::111122223333:role/path/KarpenterNodeRole-demo"))
            .isEqualTo("KarpenterNodeRole-demo");
    }
}
