package io.kafkarpenter.sandbox.ec2;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * Test fixture: a simulator on a random port with a hand-moved clock and instant-free timings, the small catalog, and
 * the real SDK {@link Ec2Client} talking to it over HTTP with a fast retry strategy (4 attempts, 5 ms apart).
 */
final class SimulatedEc2 implements AutoCloseable {
    static final String SMALL_CATALOG = "src/main/resources/ec2-simulator/catalog-small.json";
    static final String CLUSTER = "test-cluster";
    static final String LAUNCH_TEMPLATE = "karpenter-test";
    /** The fixture's own key (an admin where a test turns IAM enforcement on). */
    static final String ADMIN_KEY = "AKIDEXAMPLE";

    final MutableClock clock = MutableClock.startingAt("2026-11-27T10:00:00Z");
    final Ec2Simulator simulator;
    final Ec2Client ec2;
    private EksClient eks;
    private IamClient iam;
    private SqsClient sqs;
    private final List<AutoCloseable> extraClients = new java.util.ArrayList<>();

    private SimulatedEc2(Consumer<Ec2SimulatorConfig.Builder> customize) {
        Ec2SimulatorConfig.Builder config = Ec2SimulatorConfig.builder()
                .clusterName(CLUSTER)
                .catalogFile(SMALL_CATALOG)
                .pendingDuration(Duration.ofSeconds(10))
                .shuttingDownDuration(Duration.ofSeconds(30))
                .terminatedRetention(Duration.ofMinutes(60))
                .clock(clock);
        customize.accept(config);
        simulator = Ec2Simulator.start(config.build());
        ec2 = client(Ec2Client.builder(), Region.US_EAST_1, ADMIN_KEY);
    }

    /** A real SDK client of the simulator: its endpoint, the key's static credentials, fast retries. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, Region region,
                                                                                           String accessKeyId) {
        return builder.region(region).endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(SimulatedEc2::fastRetries).build();
    }

    private static void fastRetries(ClientOverrideConfiguration.Builder o) {
        o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(4)
                .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                .circuitBreakerEnabled(false)
                .build());
    }

    /** The real SDK EksClient on the same endpoint (same fast retries). */
    synchronized EksClient eks() {
        if (eks == null) {
            eks = client(EksClient.builder(), Region.US_EAST_1, ADMIN_KEY);
        }
        return eks;
    }

    /** The real SDK IamClient (global region, as IAM is configured) on the same endpoint. */
    synchronized IamClient iam() {
        if (iam == null) {
            iam = client(IamClient.builder(), Region.AWS_GLOBAL, ADMIN_KEY);
        }
        return iam;
    }

    /** The real SDK SqsClient (AWS JSON 1.0) on the same endpoint (same fast retries). */
    synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = client(SqsClient.builder(), Region.US_EAST_1, ADMIN_KEY);
        }
        return sqs;
    }

    synchronized SqsClient sqsAs(String accessKeyId) {
        SqsClient client = client(SqsClient.builder(), Region.US_EAST_1, accessKeyId);
        extraClients.add(client);
        return client;
    }

    /** The real SDK Ec2Client without any retry: a throttled call reaches the caller at once (closed with the fixture). */
    synchronized Ec2Client ec2WithoutRetries() {
        Ec2Client client = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ADMIN_KEY, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        extraClients.add(client);
        return client;
    }

    /** The SDK clients of another caller: same endpoint, access key id {@code accessKeyId} (closed with the fixture). */
    synchronized Ec2Client ec2As(String accessKeyId) {
        Ec2Client client = client(Ec2Client.builder(), Region.US_EAST_1, accessKeyId);
        extraClients.add(client);
        return client;
    }

    synchronized EksClient eksAs(String accessKeyId) {
        EksClient client = client(EksClient.builder(), Region.US_EAST_1, accessKeyId);
        extraClients.add(client);
        return client;
    }

    synchronized IamClient iamAs(String accessKeyId) {
        IamClient client = client(IamClient.builder(), Region.AWS_GLOBAL, accessKeyId);
        extraClients.add(client);
        return client;
    }

    static SimulatedEc2 start() {
        return new SimulatedEc2(c -> { });
    }

    static SimulatedEc2 start(Consumer<Ec2SimulatorConfig.Builder> customize) {
        return new SimulatedEc2(customize);
    }

    String subnet(String zone) {
        return simulator.subnetIdsByZone().get(zone);
    }

    String nodeSecurityGroup() {
        return simulator.securityGroupIdsByName().get(CLUSTER + "-node");
    }

    String amd64Image() {
        return simulator.imageId("amazon-eks-node-al2023-x86_64-standard-*").orElseThrow();
    }

    /** Creates the launch template the fleet helpers use (AL2023 x86_64, the node security group). */
    SimulatedEc2 withLaunchTemplate() {
        ec2.createLaunchTemplate(r -> r.launchTemplateName(LAUNCH_TEMPLATE)
                .launchTemplateData(d -> d.imageId(amd64Image()).securityGroupIds(nodeSecurityGroup())));
        return this;
    }

    static FleetLaunchTemplateOverridesRequest override(String type, String subnet, String zone) {
        return FleetLaunchTemplateOverridesRequest.builder().instanceType(type).subnetId(subnet).availabilityZone(zone).build();
    }

    FleetLaunchTemplateOverridesRequest override(String type, String zone) {
        return override(type, subnet(zone), zone);
    }

    /** An instant fleet of {@code count} instances over the overrides, launched with Karpenter's shape. */
    CreateFleetRequest.Builder fleet(DefaultTargetCapacityType capacityType, int count,
                                     List<FleetLaunchTemplateOverridesRequest> overrides) {
        return CreateFleetRequest.builder()
                .type(FleetType.INSTANT)
                .onDemandOptions(o -> o.allocationStrategy("lowest-price"))
                .spotOptions(s -> s.allocationStrategy("price-capacity-optimized"))
                .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
                        .launchTemplateSpecification(s -> s.launchTemplateName(LAUNCH_TEMPLATE).version("$Latest"))
                        .overrides(overrides).build())
                .targetCapacitySpecification(t -> t.totalTargetCapacity(count).defaultTargetCapacityType(capacityType))
                .tagSpecifications(
                        TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                                Tag.builder().key("karpenter.sh/nodepool").value("default").build(),
                                Tag.builder().key("eks:eks-cluster-name").value(CLUSTER).build()).build(),
                        TagSpecification.builder().resourceType(ResourceType.FLEET).tags(
                                Tag.builder().key("karpenter.sh/nodepool").value("default").build()).build());
    }

    @Override
    public void close() {
        ec2.close();
        if (eks != null) {
            eks.close();
        }
        if (iam != null) {
            iam.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        for (AutoCloseable client : extraClients) {
            try {
                client.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        simulator.close();
    }
}
