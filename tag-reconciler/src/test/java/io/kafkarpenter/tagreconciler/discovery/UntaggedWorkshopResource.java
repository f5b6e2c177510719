package io.kafkarpenter.tagreconciler.discovery;

import java.util.Map;
import java.util.UUID;

import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.testing.aws.SimulatorIam;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The EC2/EKS simulator on a free port with the workshop's layout before §1.7 (three private and three public
 * subnets, the cluster security group, no discovery tag anywhere), for a cluster with a name of its own; the
 * tag-reconciler pointed at it, leader election off, the periodic pass far away (the tests call reconcile()), and
 * not dry-run. Started after the module's global resources ({@link #order()}), so these settings win over theirs.
 */
public class UntaggedWorkshopResource implements QuarkusTestResourceLifecycleManager {

    static volatile Ec2Simulator simulator;
    static volatile String cluster;

    @Override
    public Map<String, String> start() {
        cluster = "disc-" + UUID.randomUUID().toString().substring(0, 8);
        SimulatorIam.signAs("tag-reconciler");
        simulator = Ec2Simulator.start(Ec2SimulatorConfig.builder().port(0).clusterName(cluster)
            .discoveryTags(false).instantTransitions().iam(SimulatorIam.config("tag-reconciler")).build());
        String endpoint = simulator.endpoint().toString();
        return Map.of(
            "kk.tag-reconciler.cluster-name", cluster,
            "kk.tag-reconciler.region", simulator.config().region(),
            "kk.tag-reconciler.ec2-endpoint", endpoint,
            "kk.tag-reconciler.eks-endpoint", endpoint,
            "kk.tag-reconciler.iam-endpoint", endpoint,
            "kk.tag-reconciler.leader-election.enabled", "false",
            "kk.tag-reconciler.dry-run", "false",
            "kk.tag-reconciler.period", "1h");
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
        SimulatorIam.signAsNobody();
    }
}
