package io.kafkarpenter.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DriftHashesTest {

    private static NodePool pool(String yaml) {
        return KarpenterManifests.readOne(yaml, NodePool.class);
    }

    private static final String BASE = """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: default}
            spec:
              template:
                metadata: {labels: {team: a}}
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements: [{key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}]
                  taints: [{key: a, effect: NoSchedule}, {key: b, effect: NoSchedule}]
                  expireAfter: 720h
            """;

    @Test
    void requirementsAndListOrderDoNotChangeTheNodePoolHash() {
        String base = DriftHashes.nodePool(pool(BASE));
        assertThat(DriftHashes.nodePool(pool(BASE.replace("[on-demand]", "[spot]")))).isEqualTo(base);
        assertThat(DriftHashes.nodePool(pool(BASE.replace("[{key: a, effect: NoSchedule}, {key: b, effect: NoSchedule}]",
                "[{key: b, effect: NoSchedule}, {key: a, effect: NoSchedule}]")))).isEqualTo(base);
        assertThat(base).matches("[0-9]+");
    }

    @Test
    void templateLabelsTaintsAndExpiryDriftTheNodePool() {
        String base = DriftHashes.nodePool(pool(BASE));
        for (String changed : List.of(BASE.replace("team: a", "team: b"), BASE.replace("key: b", "key: c"),
                BASE.replace("720h", "24h"))) {
            assertThat(DriftHashes.nodePool(pool(changed))).as(changed).isNotEqualTo(base);
        }
    }
}
