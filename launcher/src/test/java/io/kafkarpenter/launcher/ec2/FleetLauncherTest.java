package io.kafkarpenter.launcher.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ec2.model.Tag;
import io.kafkarpenter.launcher.launch.PartitionOwnership;

class FleetLauncherTest {

    private static final FleetLauncher.Override A = new FleetLauncher.Override("lt", "c6a.large", "us-east-1a", "subnet-a", "ami-1", 0.07);
    private static final FleetLauncher.Override B = new FleetLauncher.Override("lt", "m6a.large", "us-east-1a", "subnet-a", "ami-1", 0.08);

    @Test
    void theClientTokenIsTheSameForTheSameAttemptAndNewForANarrowedOne() {
        String first = FleetLauncher.clientToken("default-k3j9x0a2mq", "on-demand", List.of(A, B));

        assertThat(FleetLauncher.clientToken("default-k3j9x0a2mq", "on-demand", List.of(B, A))).isEqualTo(first);
        assertThat(FleetLauncher.clientToken("default-k3j9x0a2mq", "on-demand", List.of(B))).isNotEqualTo(first);
        assertThat(FleetLauncher.clientToken("default-k3j9x0a2mq", "spot", List.of(A, B))).isNotEqualTo(first);
        assertThat(first).startsWith("default-k3j9x0a2mq-");
    }

    @Test
    void theClientTokenFitsEc2sLimitForLongNames() {
        String token = FleetLauncher.clientToken("a-very-long-nodepool-name-that-goes-on-and-on-and-on-x-k3j9x0a2mq",
            "on-demand", List.of(A));

        assertThat(token.length()).isLessThanOrEqualTo(64);
    }

    @Test
    void onlyInstancesWithTheClusterOwnershipAndNodePoolTagsAreOwned() {
        Tag owned = Tag.builder().key("kubernetes.io/cluster/demo").value("owned").build();
        Tag pool = Tag.builder().key("karpenter.sh/nodepool").value("default").build();

        assertThat(Tags.ownedBy(List.of(owned, pool), "demo")).isTrue();
        assertThat(Tags.ownedBy(List.of(owned), "demo")).isFalse();
        assertThat(Tags.ownedBy(List.of(pool, Tag.builder().key("kubernetes.io/cluster/demo").value("shared").build()), "demo")).isFalse();
        assertThat(Tags.ownedBy(List.of(owned, pool), "other")).isFalse();
    }

    @Test
    void launchTagsKeepTheStaticKeysOverUserTags() {
        var tags = Tags.launchTags(java.util.Map.of("karpenter.sh/nodepool", "forged", "team", "a"), "demo", "default",
            "default", "default-abc");

        assertThat(tags).containsEntry("karpenter.sh/nodepool", "default").containsEntry("team", "a")
            .containsEntry("kubernetes.io/cluster/demo", "owned").containsEntry("eks:eks-cluster-name", "demo")
            .containsEntry("karpenter.k8s.aws/ec2nodeclass", "default").containsEntry("karpenter.sh/nodeclaim", "default-abc");
    }

    @Test
    void aNodePoolsPartitionIsTheOneKafkasDefaultPartitionerPicks() {
        for (String pool : List.of("default", "gpu", "batch-spot", "x")) {
            assertThat(PartitionOwnership.partitionOf(pool, 6))
                .isEqualTo(BuiltInPartitioner.partitionForKey(pool.getBytes(java.nio.charset.StandardCharsets.UTF_8), 6));
        }
    }

    @Test
    void aRecordIsHandledOnlyWhileItsPartitionIsOwned() {
        PartitionOwnership ownership = new PartitionOwnership();
        var partition = new org.apache.kafka.common.TopicPartition("kk.nodeclaims.launch", 0);
        int[] runs = {0};

        assertThat(ownership.whileOwning(0, () -> runs[0]++)).isFalse();
        ownership.assigned(List.of(partition), 1);
        assertThat(ownership.whileOwning(0, () -> runs[0]++)).isTrue();
        assertThat(ownership.ownsNodePool("default")).isTrue();
        ownership.revoked(List.of(partition));
        assertThat(ownership.whileOwning(0, () -> runs[0]++)).isFalse();
        assertThat(runs[0]).isEqualTo(1);
    }
}
