package io.kafkarpenter.provisioner;

import java.util.Map;

import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.testing.aws.SimulatorIam;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The EC2 simulator on a free port; the provisioner asks it for instance types, offerings and spot prices. */
public class Ec2SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static volatile Ec2Simulator simulator;

    @Override
    public Map<String, String> start() {
        SimulatorIam.signAs("provisioner");
        simulator = Ec2Simulator.start(Ec2SimulatorConfig.builder().port(0).instantTransitions()
            .iam(SimulatorIam.config("provisioner")).build());
        return Map.of("kk.provisioner.instance-types.ec2-endpoint", simulator.endpoint().toString());
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
        SimulatorIam.signAsNobody();
    }
}
