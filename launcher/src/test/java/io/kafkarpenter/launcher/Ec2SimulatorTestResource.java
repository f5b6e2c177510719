package io.kafkarpenter.launcher;

import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.fixtures.NodeClassFixtures;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.testing.aws.SimulatorIam;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The EC2 simulator for the launcher's ITs: started before the app, reached by the real SDK over HTTP
 * ({@code kk.launcher.ec2.endpoint}), enforcing deploy/iam with the launcher signing as {@code kafkarpenter-launcher}
 * ({@link SimulatorIam}), injected into test fields of type {@link Ec2Simulator}. Also sets the launcher's timings
 * short enough for tests, and points the interruption reader at the simulator's queue.
 */
public class Ec2SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static final String CLUSTER = "kafkarpenter";
    private Ec2Simulator simulator;

    @Override
    public Map<String, String> start() {
        SimulatorIam.signAs("launcher"); // the launcher's SDK clients: default chain, as in production
        simulator = Ec2Simulator.start(Ec2SimulatorConfig.builder().clusterName(CLUSTER).instantTransitions()
            .iam(SimulatorIam.config("launcher")).build());
        simulator.onRequest(r -> { });
        return Map.ofEntries(
            Map.entry("kk.launcher.ec2.endpoint", simulator.endpoint().toString()),
            Map.entry("kk.launcher.ec2.retry-base-delay", "20ms"),
            Map.entry("kk.launcher.ec2.retry-max-delay", "200ms"),
            Map.entry("kk.launcher.cluster-name", CLUSTER),
            Map.entry("kk.launcher.lifecycle-interval", "1s"),
            Map.entry("kk.launcher.registration-ttl", "20s"),
            Map.entry("kk.launcher.garbage-collection-interval", "1s"),
            Map.entry("kk.launcher.garbage-collection-min-age", "2s"),
            Map.entry("kk.launcher.disruption-replacement-timeout", "12s"),
            // the simulator's interruption queue (named after the cluster), read with short polls (InterruptionReaderIT)
            Map.entry("kk.launcher.interruption.queue", simulator.interruptionQueue()),
            Map.entry("kk.launcher.interruption.wait-time", "1s"),
            Map.entry("kk.launcher.interruption.visibility-timeout", "2s"));
    }

    /**
     * The EC2NodeClass {@code default} (AL2023, the cluster's discovery tags) created once, with the Ready status the
     * tag-reconciler would write ({@link #withReadyStatus}).
     */
    public static void ensureDefaultNodeClass(KubernetesClient client, Ec2Simulator sim) {
        if (client.resources(EC2NodeClass.class).withName("default").get() == null) {
            client.resources(EC2NodeClass.class).resource(KarpenterManifests.readOne("""
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata: {name: default}
                spec:
                  role: KarpenterNodeRole-kafkarpenter
                  amiSelectorTerms: [{alias: al2023@latest}]
                  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: kafkarpenter}}]
                  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: kafkarpenter}}]
                """, EC2NodeClass.class)).create();
        }
        EC2NodeClass nodeClass = client.resources(EC2NodeClass.class).withName("default").get();
        if (nodeClass.getStatus() == null) {
            client.resources(EC2NodeClass.class).resource(withReadyStatus(nodeClass, sim)).updateStatus();
        }
    }

    /**
     * The class with the Ready status the tag-reconciler writes for the simulator (its tagged private subnets, the
     * {@code <cluster>-node} group, the AL2023 AMIs): the launcher launches only from a Ready status.
     */
    public static EC2NodeClass withReadyStatus(EC2NodeClass nodeClass, Ec2Simulator sim) {
        return NodeClassFixtures.status().subnets(sim.subnetIdsByZone())
            .securityGroup(sim.securityGroupIdsByName().get(CLUSTER + "-node"), CLUSTER + "-node")
            .al2023Amis(sim::imageId).applyTo(nodeClass);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(simulator, new TestInjector.MatchesType(Ec2Simulator.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
        SimulatorIam.signAsNobody();
    }
}
