package io.kafkarpenter.launcher.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.testing.aws.SimulatorIam;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Launch templates against the EC2 simulator through the real SDK: created once, shared by replicas. */
class LaunchTemplatesIT {

    private Ec2Simulator simulator;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        // the launcher's key and policy (deploy/iam/launcher.json) for cluster "demo", the clusters of options()
        simulator = Ec2Simulator.start(Ec2SimulatorConfig.builder().clusterName("demo").instantTransitions()
            .iam(SimulatorIam.config("launcher")).build());
        ec2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(simulator.endpoint())
            .credentialsProvider(SimulatorIam.credentials("launcher"))
            .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        ec2.close();
        simulator.close();
    }

    private static LaunchTemplates.Options options(String ami) {
        return new LaunchTemplates.Options("default", "default", "on-demand", ami, List.of("sg-2", "sg-1"), "profile",
            LaunchTemplates.userData("demo", Map.of("karpenter.sh/nodepool", "default"), List.of("karpenter.sh/unregistered:NoExecute")),
            Tags.launchTags(Map.of(), "demo", "default", "default", null));
    }

    @Test
    void aTemplateIsCreatedOnceAndRememberedUnderItsDeterministicName() {
        String ami = simulator.imageId("amazon-eks-node-al2023-x86_64-standard-*").orElseThrow();
        LaunchTemplates templates = new LaunchTemplates(ec2);

        String name = templates.ensure(options(ami));
        templates.ensure(options(ami));

        assertThat(name).matches("karpenter\\.k8s\\.aws/[0-9]+").isEqualTo(options(ami).name());
        assertThat(simulator.launchTemplateNames()).containsExactly(name);
        assertThat(simulator.requests("CreateLaunchTemplate")).hasSize(1);
        assertThat(simulator.launchTemplateData(name).orElseThrow()).containsValue(ami);
    }

    @Test
    void aSecondReplicaThatLosesTheCreateRaceTakesAlreadyExistsAsSuccess() {
        String ami = simulator.imageId("amazon-eks-node-al2023-x86_64-standard-*").orElseThrow();
        String name = new LaunchTemplates(ec2).ensure(options(ami));
        // the other replica looked before the first one created it
        simulator.faults().failNext("DescribeLaunchTemplates", 1, "InvalidLaunchTemplateName.NotFoundException", 400);

        String again = new LaunchTemplates(ec2).ensure(options(ami));

        assertThat(again).isEqualTo(name);
        assertThat(simulator.requests("CreateLaunchTemplate")).extracting(r -> r.errorCode())
            .containsExactly(null, "InvalidLaunchTemplateName.AlreadyExistsException");
    }

    @Test
    void anotherAmiIsAnotherTemplate() {
        String ami = simulator.imageId("amazon-eks-node-al2023-x86_64-standard-*").orElseThrow();
        String arm = simulator.imageId("amazon-eks-node-al2023-arm64-standard-*").orElseThrow();

        assertThat(options(ami).name()).isNotEqualTo(options(arm).name());
    }
}
