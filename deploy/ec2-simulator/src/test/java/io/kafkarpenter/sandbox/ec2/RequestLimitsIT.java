package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** EC2's request limits through the real SDK: the burst, then RequestLimitExceeded; the counts over HTTP. */
class RequestLimitsIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedEc2 sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private JsonNode limits(String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.simulator.endpoint() + "/_sim/request-limits"));
        request = body == null ? request.GET() : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    private void createFleet(Ec2Client client) {
        client.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, 1, List.of(sim.override("c5.large", "us-east-1a"))).build());
    }

    @Test
    void afterTheBurstCreateFleetIsThrottledAndTheCountsShowIt() throws Exception {
        // the clock stands still: no refill during the test
        sim = SimulatedEc2.start(c -> c.requestLimits(RequestLimitsSpec.awsDefaults())).withLaunchTemplate();
        Ec2Client noRetries = sim.ec2WithoutRetries();

        for (int i = 0; i < 50; i++) {
            createFleet(noRetries);
        }
        assertThatThrownBy(() -> createFleet(noRetries)).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Request limit exceeded.");
        });
        assertThat(sim.simulator.instances()).hasSize(50);
        // the SDK's own retries (the fixture: 4 attempts) are throttled too
        assertThatThrownBy(() -> createFleet(sim.ec2)).isInstanceOf(Ec2Exception.class);

        JsonNode report = limits("GET", null);
        assertThat(report.path("enabled").asBoolean()).isTrue();
        assertThat(report.path("calls").path("CreateFleet").asLong()).isEqualTo(55);
        assertThat(report.path("throttled").path("CreateFleet").asLong()).isEqualTo(5);
        assertThat(report.path("calls").path("CreateLaunchTemplate").asLong()).isEqualTo(1);
        assertThat(report.path("lastAnswered").path("CreateFleet").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(sim.ec2.describeSubnets().subnets()).as("other actions have their own buckets").isNotEmpty();

        // PUT: other sizes, every bucket full again; the counts stay
        report = limits("PUT", "{enabled: true, buckets: {CreateFleet: {max: 1, refillPerSecond: 0}}}");
        assertThat(report.path("buckets").path("CreateFleet").path("max").asDouble()).isEqualTo(1.0);
        createFleet(noRetries);
        assertThatThrownBy(() -> createFleet(noRetries)).isInstanceOf(Ec2Exception.class);
        assertThat(limits("GET", null).path("throttled").path("CreateFleet").asLong()).isEqualTo(6);

        // off: nothing throttled any more
        limits("PUT", "{enabled: false}");
        createFleet(noRetries);
    }

    @Test
    void offByDefault() throws Exception {
        sim = SimulatedEc2.start().withLaunchTemplate();
        Ec2Client noRetries = sim.ec2WithoutRetries();
        for (int i = 0; i < 60; i++) {
            createFleet(noRetries);
        }
        JsonNode report = limits("GET", null);
        assertThat(report.path("enabled").asBoolean()).isFalse();
        assertThat(report.path("calls").path("CreateFleet").asLong()).isEqualTo(60);
        assertThat(report.path("throttled").size()).isZero();
    }
}
