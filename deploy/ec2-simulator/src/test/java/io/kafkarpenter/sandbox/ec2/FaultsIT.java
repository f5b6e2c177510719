package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class FaultsIT {
    private SimulatedEc2 sim;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start().withLaunchTemplate();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.simulator.endpoint() + path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void throttledCallsAreRetriedByTheSdkAndThenSucceed() {
        sim.simulator.faults().throttleNext(2, "DescribeSubnets");
        sim.simulator.clearRequests();

        assertThat(sim.ec2.describeSubnets().subnets()).hasSize(6);

        assertThat(sim.simulator.requests("DescribeSubnets")).extracting(RecordedRequest::errorCode)
                .containsExactly("RequestLimitExceeded", "RequestLimitExceeded", null);
        assertThat(sim.simulator.requests("DescribeSubnets").get(0).httpStatus()).isEqualTo(503);
    }

    @Test
    void throttlingBeyondTheRetriesReachesTheCaller() {
        sim.simulator.faults().throttleNext(10);

        assertThatThrownBy(() -> sim.ec2.describeInstances()).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
        });
        assertThat(sim.simulator.requests("DescribeInstances")).hasSize(4);
    }

    @Test
    void aRequestRateBudgetThrottlesTheExcessCalls() {
        sim.simulator.faults().throttleRate(2.0);
        sim.simulator.clearRequests();

        assertThatThrownBy(() -> {
            for (int i = 0; i < 3; i++) {
                sim.ec2.describeAvailabilityZones();
            }
        }).isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded"));
        assertThat(sim.simulator.requests()).extracting(RecordedRequest::succeeded).containsExactly(true, true, false, false, false, false);
    }

    @Test
    void scriptedFailuresHitTheNamedAction() {
        sim.simulator.faults().failNext("TerminateInstances", 1, "UnauthorizedOperation", 403);

        assertThatThrownBy(() -> sim.ec2.terminateInstances(r -> r.instanceIds("i-0123456789abcdef0")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
                });
        assertThat(sim.ec2.describeSubnets().subnets()).hasSize(6);
    }

    @Test
    void faultsCanBeLoadedFromYamlOverHttp() throws Exception {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(sim.simulator.endpoint() + "/_sim/faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        insufficientCapacity:
                          - {instanceType: c5.large, capacityType: on-demand}
                        onDemandVcpuQuota: 100
                        """)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).contains("c5.large").contains("100");

        var response = sim.ec2.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, 1,
                List.of(sim.override("c5.large", "us-east-1a"), sim.override("m5.large", "us-east-1a"))).build());

        assertThat(response.errors()).extracting(e -> e.errorCode()).containsExactly("InsufficientInstanceCapacity");
        assertThat(response.instances().get(0).instanceType().toString()).isEqualTo("m5.large");
        HttpResponse<String> instances = http.send(HttpRequest.newBuilder(URI.create(sim.simulator.endpoint() + "/_sim/instances"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(instances.body()).contains("m5.large").contains("aws:///us-east-1a/i-");
        HttpResponse<String> fleets = http.send(HttpRequest.newBuilder(URI.create(sim.simulator.endpoint()
                + "/_sim/requests?action=CreateFleet")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fleets.body()).startsWith("[").contains("\"action\" : \"CreateFleet\"").doesNotContain("DescribeSubnets");
    }

    @Test
    void unknownActionsAndMissingActionsGetEc2ErrorXml() throws Exception {
        HttpResponse<String> unknown = post("/", "Action=LaunchRocket&Version=2016-11-15");
        HttpResponse<String> missing = post("/", "Version=2016-11-15");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<Code>InvalidAction</Code>").contains("<RequestID>");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("<Code>MissingAction</Code>");
    }

    @Test
    void dryRunAnswersDryRunOperation() {
        assertThatThrownBy(() -> sim.ec2.describeInstanceTypes(r -> r.dryRun(true)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
                });
    }
}
