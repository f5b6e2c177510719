package io.kafkarpenter.model.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.discovery.DiscoveryInventory.SecurityGroup;
import io.kafkarpenter.model.discovery.DiscoveryInventory.Subnet;
import io.kafkarpenter.model.discovery.DiscoverySelection.GroupMode;
import io.kafkarpenter.model.discovery.DiscoverySelection.SubnetMode;

class DiscoverySelectionTest {

    private static final Subnet PRIVATE = new Subnet("subnet-1", "us-east-1a", false, Map.of(), true);
    private static final Subnet PUBLIC = new Subnet("subnet-2", "us-east-1a", true, Map.of(), true);
    private static final Subnet ELSEWHERE = new Subnet("subnet-3", "us-east-1a", false, Map.of(), false);
    private static final SecurityGroup CLUSTER_SG = new SecurityGroup("sg-1", "eks-cluster-sg", Map.of(), true);
    private static final SecurityGroup OTHER_SG = new SecurityGroup("sg-2", "other", Map.of(), false);

    @Test
    void defaultsArePrivateSubnetsOfTheClusterAndTheClusterSecurityGroup() {
        DiscoverySelection s = DiscoverySelection.parse("private", "cluster");

        assertThat(s).isEqualTo(DiscoverySelection.defaults());
        assertThat(DiscoverySelection.parse(null, " ")).isEqualTo(DiscoverySelection.defaults());
        assertThat(s.selects(PRIVATE)).isTrue();
        assertThat(s.selects(PUBLIC)).isFalse();
        assertThat(s.selects(ELSEWHERE)).as("a private subnet outside the cluster").isFalse();
        assertThat(s.selects(CLUSTER_SG)).isTrue();
        assertThat(s.selects(OTHER_SG)).isFalse();
    }

    @Test
    void allIsEverySubnetOfTheCluster() {
        DiscoverySelection s = DiscoverySelection.parse("ALL", "cluster");

        assertThat(s.subnets()).isEqualTo(SubnetMode.ALL);
        assertThat(s.selects(PUBLIC)).isTrue();
        assertThat(s.selects(ELSEWHERE)).isFalse();
    }

    @Test
    void idListsSelectExactlyThoseInTheirOrder() {
        DiscoverySelection s = DiscoverySelection.parse(" subnet-3 , subnet-2", "sg-2");

        assertThat(s.subnets()).isEqualTo(SubnetMode.IDS);
        assertThat(s.subnetIds()).containsExactly("subnet-3", "subnet-2");
        assertThat(s.selects(ELSEWHERE)).isTrue();
        assertThat(s.selects(PUBLIC)).isTrue();
        assertThat(s.selects(PRIVATE)).isFalse();
        assertThat(s.securityGroups()).isEqualTo(GroupMode.IDS);
        assertThat(s.selects(OTHER_SG)).isTrue();
        assertThat(s.selects(CLUSTER_SG)).isFalse();
        assertThat(s.describeSubnets()).isEqualTo("subnet-3,subnet-2");
        assertThat(DiscoverySelection.defaults().describeSecurityGroups()).isEqualTo("cluster");
    }

    @Test
    void aBadValueNamesTheSettingAndWhatIsExpected() {
        assertThatThrownBy(() -> DiscoverySelection.parse("public", "cluster"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("kk.tag-reconciler.subnets=public is not valid: \"public\" is not a valid id; expected"
                + " private, all or a comma-separated list of subnet ids");
        assertThatThrownBy(() -> DiscoverySelection.parse("private", "sg-1,,sg-2"))
            .hasMessageStartingWith("kk.tag-reconciler.security-groups=sg-1,,sg-2 is not valid: \"\" is not an id");
        assertThatThrownBy(() -> DiscoverySelection.parse("subnet-1", "--subnets", "subnet-1", "--security-groups"))
            .hasMessageStartingWith("--security-groups=subnet-1 is not valid");
    }
}
