package io.kafkarpenter.consolidator;

import java.util.Map;

import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.testing.aws.SimulatorIam;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The EC2 simulator on a free port: instance types, offerings, spot prices and AMIs for the consolidator. */
public class Ec2SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static volatile Ec2Simulator simulator;

    @Override
    public Map<String, String> start() {
        SimulatorIam.signAs("consolidator");
        simulator = Ec2Simulator.start(Ec2SimulatorConfig.builder().port(0).instantTransitions()
            .iam(SimulatorIam.config("consolidator")).build());
        return Map.of("kk.consolidator.ec2-endpoint", simulator.endpoint().toString());
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
        SimulatorIam.signAsNobody();
    }
}
