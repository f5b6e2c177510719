package io.kafkarpenter.tagreconciler;

import java.util.Map;

import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.testing.aws.SimulatorIam;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The EC2 simulator (EC2, EKS and IAM on one port) as the workshop's account before its §1.7: public and private
 * subnets, the cluster security group, the EKS cluster {@code kafkarpenter}, the node role, and no discovery tag
 * anywhere. Discovery runs dry ({@code dry-run=true}) so the tests decide which tags exist.
 */
public class Ec2SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static volatile Ec2Simulator simulator;

    @Override
    public Map<String, String> start() {
        SimulatorIam.signAs("tag-reconciler");
        simulator = Ec2Simulator.start(Ec2SimulatorConfig.builder().port(0).instantTransitions()
            .publicSubnets(true).discoveryTags(false)
            .nodeRoles(java.util.List.of("KarpenterNodeRole-kafkarpenter", "OtherNodeRole"))
            .iam(SimulatorIam.config("tag-reconciler")).build());
        return Map.of("kk.tag-reconciler.ec2-endpoint", simulator.endpoint().toString(),
            "kk.tag-reconciler.dry-run", "true");
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
        SimulatorIam.signAsNobody();
    }
}
