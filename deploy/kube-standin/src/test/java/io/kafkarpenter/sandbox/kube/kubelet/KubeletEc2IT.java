package io.kafkarpenter.sandbox.kube.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet stand-in against the EC2 simulator, through the real AWS SDK over HTTP. */
class KubeletEc2IT {

    static final String CLUSTER = "kube-it";

    Ec2Simulator simulator;
    Ec2Client ec2;
    KubeStandin standin;
    KubernetesClient client;
    KubeletStandin kubelet;

    @BeforeEach
    void start() {
        simulator = Ec2Simulator.start(Ec2SimulatorConfig.builder().clusterName(CLUSTER).instantTransitions().build());
        ec2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        standin = KubeStandin.start(0, null);
        client = standin.client();
        kubelet = new KubeletStandin(client, new Ec2CloudInstances(ec2, CLUSTER), new Ec2InstanceTypeFacts(ec2),
                KubeletSettings.defaults().withCluster(CLUSTER).withBootDelay(Duration.ZERO).withInitDelay(Duration.ZERO),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        kubelet.close();
        client.close();
        standin.close();
        ec2.close();
        simulator.close();
    }

    @Test
    void registersANodeForARunningInstanceAndDeletesItAfterTermination() {
        String instanceId = launch("m5.large", "us-east-1a");
        launchForAnotherCluster();

        kubelet.syncOnce();

        assertThat(client.nodes().list().getItems()).hasSize(1);
        Node node = client.nodes().list().getItems().get(0);
        var instance = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
        assertThat(node.getMetadata().getName()).isEqualTo(instance.privateDnsName());
        assertThat(node.getSpec().getProviderID()).isEqualTo("aws:///us-east-1a/" + instanceId);
        assertThat(node.getMetadata().getLabels())
                .containsEntry("node.kubernetes.io/instance-type", "m5.large")
                .containsEntry("karpenter.k8s.aws/instance-family", "m5")
                .containsEntry("karpenter.k8s.aws/instance-cpu", "2")
                .containsEntry("karpenter.sh/nodepool", "default")
                .containsEntry("topology.kubernetes.io/zone", "us-east-1a");
        assertThat(node.getStatus().getAllocatable())
                .containsEntry("cpu", new Quantity("1930m"))
                .containsEntry("memory", new Quantity("6903Mi"))
                .containsEntry("pods", new Quantity("29"));

        ec2.terminateInstances(r -> r.instanceIds(instanceId));
        kubelet.syncOnce();

        assertThat(client.nodes().list().getItems()).isEmpty();
    }

    private String launch(String type, String zone) {
        return launch(type, zone, CLUSTER);
    }

    private void launchForAnotherCluster() {
        launch("m5.large", "us-east-1b", "someone-else");
    }

    private String launch(String type, String zone, String cluster) {
        String template = "kube-it-" + cluster;
        String image = simulator.imageId("amazon-eks-node-al2023-x86_64-standard-*").orElseThrow();
        ec2.createLaunchTemplate(r -> r.launchTemplateName(template).launchTemplateData(d -> d.imageId(image)));
        var response = ec2.createFleet(CreateFleetRequest.builder()
                .type(FleetType.INSTANT)
                .onDemandOptions(o -> o.allocationStrategy("lowest-price"))
                .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
                        .launchTemplateSpecification(s -> s.launchTemplateName(template).version("$Latest"))
                        .overrides(FleetLaunchTemplateOverridesRequest.builder().instanceType(type)
                                .subnetId(simulator.subnetIdsByZone().get(zone)).availabilityZone(zone).build())
                        .build())
                .targetCapacitySpecification(t -> t.totalTargetCapacity(1).defaultTargetCapacityType(DefaultTargetCapacityType.ON_DEMAND))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                        Tag.builder().key("kubernetes.io/cluster/" + cluster).value("owned").build(),
                        Tag.builder().key("eks:eks-cluster-name").value(cluster).build(),
                        Tag.builder().key("karpenter.sh/nodepool").value("default").build()).build())
                .build());
        assertThat(response.errors()).isEmpty();
        return response.instances().get(0).instanceIds().get(0);
    }
}
