package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Interruptions end to end with the real SDK: the event lands on the interruption queue (read with the SqsClient as
 * Karpenter reads it), and the instance's state follows: a spot warning terminates it after the configured delay.
 */
class InterruptionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SimulatedEc2 sim;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start(c -> c.spotInterruptionDelay(Duration.ofSeconds(30))).withLaunchTemplate();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String launch(DefaultTargetCapacityType capacityType) {
        String id = sim.ec2.createFleet(sim.fleet(capacityType, 1, List.of(sim.override("m5.large", "us-east-1a"))).build())
                .instances().get(0).instanceIds().get(0);
        sim.clock.advance(Duration.ofSeconds(10));
        return id;
    }

    private Instance describe(String id) {
        return sim.ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private JsonNode receiveOne() throws Exception {
        String url = sim.sqs().getQueueUrl(r -> r.queueName(SimulatedEc2.CLUSTER)).queueUrl();
        List<Message> messages = sim.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(20)).messages();
        assertThat(messages).hasSize(1);
        sim.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(messages.get(0).receiptHandle()));
        return JSON.readTree(messages.get(0).body());
    }

    @Test
    void aSpotInterruptionWarnsOnTheQueueThenTerminatesTheInstanceAfterTheDelay() throws Exception {
        String id = launch(DefaultTargetCapacityType.SPOT);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sim.simulator.endpoint() + "/_sim/interruptions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"instanceId\":\"" + id + "\",\"kind\":\"spot\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);

        JsonNode event = receiveOne();
        assertThat(event.path("detail-type").asText()).isEqualTo("EC2 Spot Instance Interruption Warning");
        assertThat(event.path("source").asText()).isEqualTo("aws.ec2");
        assertThat(event.path("detail").path("instance-id").asText()).isEqualTo(id);
        assertThat(event.path("detail").path("instance-action").asText()).isEqualTo("terminate");
        assertThat(JSON.readTree(answer.body())).isEqualTo(event);

        sim.clock.advance(Duration.ofSeconds(29));
        assertThat(describe(id).state().nameAsString()).isEqualTo("running");
        sim.clock.advance(Duration.ofSeconds(1));
        Instance ending = describe(id);
        assertThat(ending.state().nameAsString()).isEqualTo("shutting-down");
        assertThat(ending.stateReason().code()).isEqualTo("Server.SpotInstanceTermination");
        sim.clock.advance(Duration.ofSeconds(30));
        assertThat(describe(id).state().nameAsString()).isEqualTo("terminated");
    }

    @Test
    void theShutdownAfterASpotWarningIsReportedAsShuttingDownThenTerminatedWhenTheQueueIsRead() throws Exception {
        String id = launch(DefaultTargetCapacityType.SPOT);
        sim.simulator.interrupt(id, InterruptionKind.SPOT);
        JsonNode warning = receiveOne();
        assertThat(warning.path("detail-type").asText()).isEqualTo("EC2 Spot Instance Interruption Warning");
        Instant warnedAt = sim.clock.instant();

        sim.clock.advance(Duration.ofSeconds(29));
        assertThat(receive()).as("still running: nothing more").isEmpty();
        sim.clock.advance(Duration.ofSeconds(1));
        JsonNode shuttingDown = receiveOne();
        assertThat(shuttingDown.path("detail-type").asText()).isEqualTo("EC2 Instance State-change Notification");
        assertThat(shuttingDown.path("source").asText()).isEqualTo("aws.ec2");
        assertThat(shuttingDown.path("detail").path("instance-id").asText()).isEqualTo(id);
        assertThat(shuttingDown.path("detail").path("state").asText()).isEqualTo("shutting-down");
        assertThat(Instant.parse(shuttingDown.path("time").asText())).isEqualTo(warnedAt.plusSeconds(30));
        assertThat(receive()).as("each notification once").isEmpty();

        // both due at the next read when the reader was away: in EC2's order, each with the time it happened
        String other = launch(DefaultTargetCapacityType.SPOT);
        sim.simulator.interrupt(other, InterruptionKind.SPOT);
        Instant otherWarnedAt = sim.clock.instant();
        sim.clock.advance(Duration.ofMinutes(5));
        List<JsonNode> events = new ArrayList<>();
        for (Message m : receive()) {
            events.add(JSON.readTree(m.body()));
        }
        assertThat(events).extracting(e -> e.path("detail").path("instance-id").asText() + " "
                + e.path("detail-type").asText() + " " + e.path("detail").path("state").asText()).containsExactly(
                other + " EC2 Spot Instance Interruption Warning ",
                id + " EC2 Instance State-change Notification terminated",
                other + " EC2 Instance State-change Notification shutting-down",
                other + " EC2 Instance State-change Notification terminated");
        assertThat(Instant.parse(events.get(3).path("time").asText()))
                .as("warning delay, then the fixture's shuttingDownDuration").isEqualTo(otherWarnedAt.plusSeconds(30 + 30));
        assertThat(describe(other).state().nameAsString()).isEqualTo("terminated");
        assertThat(sim.simulator.sendDueStateChanges()).isEmpty();
    }

    @Test
    void aSpotWarnedInstanceTerminatedBeforeItsTimeGetsNoNotificationsOfTheAnnouncedShutdown() throws Exception {
        String id = launch(DefaultTargetCapacityType.SPOT);
        sim.simulator.interrupt(id, InterruptionKind.SPOT);
        receiveOne();
        sim.ec2.terminateInstances(r -> r.instanceIds(id)); // what the launcher does after the warning
        sim.clock.advance(Duration.ofMinutes(5));
        assertThat(describe(id).state().nameAsString()).isEqualTo("terminated");
        assertThat(receive()).isEmpty();
    }

    private List<Message> receive() {
        String url = sim.sqs().getQueueUrl(r -> r.queueName(SimulatedEc2.CLUSTER)).queueUrl();
        List<Message> messages = sim.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                .visibilityTimeout(20)).messages();
        for (Message m : messages) {
            sim.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        return messages;
    }

    @Test
    void aSpotInterruptionOfAnOnDemandInstanceIsRefused() throws Exception {
        String id = launch(DefaultTargetCapacityType.ON_DEMAND);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sim.simulator.endpoint() + "/_sim/interruptions"))
                .POST(HttpRequest.BodyPublishers.ofString("instanceId: " + id + "\nkind: spot\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("only spot instances");
        assertThat(sim.simulator.interruptionQueueMessages()).isEmpty();
    }

    @Test
    void stateChangesChangeTheInstanceAndAreReported() throws Exception {
        String stopped = launch(DefaultTargetCapacityType.ON_DEMAND);
        sim.simulator.interrupt(stopped, InterruptionKind.STOPPING);
        assertThat(describe(stopped).state().nameAsString()).isEqualTo("stopping");
        assertThat(receiveOne().path("detail").path("state").asText()).isEqualTo("stopping");
        sim.simulator.interrupt(stopped, InterruptionKind.STOPPED);
        assertThat(describe(stopped).state().nameAsString()).isEqualTo("stopped");
        JsonNode event = receiveOne();
        assertThat(event.path("detail-type").asText()).isEqualTo("EC2 Instance State-change Notification");
        assertThat(event.path("detail").path("state").asText()).isEqualTo("stopped");

        String terminated = launch(DefaultTargetCapacityType.ON_DEMAND);
        sim.simulator.interrupt(terminated, InterruptionKind.TERMINATED);
        assertThat(describe(terminated).state().nameAsString()).isEqualTo("terminated");
        assertThat(receiveOne().path("detail").path("state").asText()).isEqualTo("terminated");
    }

    @Test
    void aSpotInterruptionFaultRateWarnsRunningSpotInstancesWhenTheQueueIsRead() throws Exception {
        String spot = launch(DefaultTargetCapacityType.SPOT);
        String onDemand = launch(DefaultTargetCapacityType.ON_DEMAND);
        String url = sim.sqs().getQueueUrl(r -> r.queueName(SimulatedEc2.CLUSTER)).queueUrl();
        sim.clock.advance(Duration.ofHours(1));
        assertThat(sim.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages()).isEmpty();

        sim.simulator.faults().apply(FaultsSpec.fromYaml("spotInterruptionsPerHour: 1000"));
        assertThat(sim.simulator.faults().spec().spotInterruptionsPerHour()).isEqualTo(1000.0);
        sim.clock.advance(Duration.ofMinutes(1));
        JsonNode warning = receiveOne();
        assertThat(warning.path("detail-type").asText()).isEqualTo("EC2 Spot Instance Interruption Warning");
        assertThat(warning.path("detail").path("instance-id").asText()).isEqualTo(spot);
        sim.clock.advance(Duration.ofSeconds(30));
        assertThat(describe(spot).state().nameAsString()).isEqualTo("shutting-down");
        assertThat(describe(onDemand).state().nameAsString()).isEqualTo("running");
        sim.clock.advance(Duration.ofMinutes(10));
        assertThat(sim.simulator.interruptAtFaultRate()).isEmpty();
    }

    @Test
    void rebalanceAndScheduledChangesOnlySendTheEvent() throws Exception {
        String id = launch(DefaultTargetCapacityType.SPOT);
        sim.simulator.interrupt(id, InterruptionKind.REBALANCE);
        assertThat(receiveOne().path("detail-type").asText()).isEqualTo("EC2 Instance Rebalance Recommendation");
        sim.simulator.interrupt(id, InterruptionKind.SCHEDULED);
        JsonNode health = receiveOne();
        assertThat(health.path("source").asText()).isEqualTo("aws.health");
        assertThat(health.path("detail").path("affectedEntities").get(0).path("entityValue").asText()).isEqualTo(id);
        sim.clock.advance(Duration.ofHours(1));
        assertThat(describe(id).state().nameAsString()).isEqualTo("running");
    }

    @Test
    void theQueueStateShowsEachMessageUntilDeletedAndWhetherItIsInFlight() throws Exception {
        String id = launch(DefaultTargetCapacityType.SPOT);
        sim.simulator.interrupt(id, InterruptionKind.REBALANCE);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create(sim.simulator.endpoint() + "/_sim/interruptions")).GET().build();
        JsonNode queued = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        assertThat(queued.path("queue").asText()).isEqualTo(SimulatedEc2.CLUSTER);
        assertThat(queued.path("messages")).hasSize(1);
        JsonNode message = queued.path("messages").get(0);
        assertThat(JSON.readTree(message.path("body").asText()).path("detail").path("instance-id").asText()).isEqualTo(id);
        assertThat(message.path("receiveCount").asInt()).isZero();
        assertThat(message.path("inFlight").asBoolean()).isFalse();

        String url = sim.sqs().getQueueUrl(r -> r.queueName(SimulatedEc2.CLUSTER)).queueUrl();
        Message received = sim.sqs().receiveMessage(r -> r.queueUrl(url).visibilityTimeout(20)).messages().get(0);
        JsonNode inFlight = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body()).path("messages").get(0);
        assertThat(inFlight.path("messageId").asText()).isEqualTo(received.messageId()).isEqualTo(message.path("messageId").asText());
        assertThat(inFlight.path("receiveCount").asInt()).isEqualTo(1);
        assertThat(inFlight.path("inFlight").asBoolean()).isTrue();
        sim.clock.advance(Duration.ofSeconds(20));
        assertThat(sim.simulator.interruptionQueueState()).singleElement()
                .satisfies(m -> assertThat(m.inFlight()).isFalse());

        Message again = sim.sqs().receiveMessage(r -> r.queueUrl(url).visibilityTimeout(20)).messages().get(0);
        sim.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(again.receiptHandle()));
        JsonNode after = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        assertThat(after.path("messages")).isEmpty();
        assertThat(after.path("deleted")).singleElement().satisfies(d -> {
            assertThat(d.path("messageId").asText()).isEqualTo(received.messageId());
            assertThat(d.path("receiveCount").asInt()).isEqualTo(2);
            assertThat(d.path("deletedAt").asText()).isNotBlank();
        });
    }
}
