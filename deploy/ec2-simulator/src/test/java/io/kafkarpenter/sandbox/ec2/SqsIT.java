package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkarpenter.sandbox.iam.IamConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** SQS with the real SDK v2 {@link SqsClient} (AWS JSON 1.0): the calls Karpenter's interruption reader makes. */
class SqsIT {
    private static final Path POLICIES = Path.of("src/test/resources/iam");
    private SimulatedEc2 sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private String queueUrl() {
        return sim.sqs().getQueueUrl(r -> r.queueName(SimulatedEc2.CLUSTER)).queueUrl();
    }

    private List<Message> receive(String url, int waitSeconds, int visibility) {
        return sim.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .visibilityTimeout(visibility).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    @Test
    void theInterruptionQueueIsNamedAfterTheClusterAndAnUnknownQueueDoesNotExist() {
        sim = SimulatedEc2.start();
        assertThat(queueUrl()).isEqualTo(sim.simulator.endpoint() + "/123456789012/" + SimulatedEc2.CLUSTER);
        assertThatThrownBy(() -> sim.sqs().getQueueUrl(r -> r.queueName("nope")))
                .isInstanceOf(QueueDoesNotExistException.class)
                .hasMessageContaining("The specified queue does not exist.");
        assertThatThrownBy(() -> sim.sqs().receiveMessage(r -> r.queueUrl("https://sqs.us-east-1.amazonaws.com/123456789012/nope")))
                .isInstanceOf(QueueDoesNotExistException.class);
        assertThat(sim.simulator.requests("GetQueueUrl")).hasSize(2);
    }

    @Test
    void aSentMessageIsReceivedWithItsBodyAndAttributesAndDeletedByItsReceiptHandle() {
        sim = SimulatedEc2.start();
        String url = queueUrl();
        String id = sim.sqs().sendMessage(r -> r.queueUrl(url).messageBody("{\"hello\":\"world\"}")).messageId();

        List<Message> got = receive(url, 0, 20);
        assertThat(got).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.body()).isEqualTo("{\"hello\":\"world\"}");
            assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")
                    .containsEntry(MessageSystemAttributeName.SENT_TIMESTAMP,
                            String.valueOf(sim.clock.instant().toEpochMilli()));
        });
        sim.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
        assertThat(sim.simulator.interruptionQueueMessages()).isEmpty();
        sim.clock.advance(Duration.ofMinutes(5));
        assertThat(receive(url, 0, 20)).isEmpty();
        assertThatThrownBy(() -> sim.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle("made-up")))
                .isInstanceOf(ReceiptHandleIsInvalidException.class);
    }

    @Test
    void aReceivedMessageIsInvisibleUntilItsVisibilityTimeoutThenRedelivered() {
        sim = SimulatedEc2.start();
        String url = queueUrl();
        sim.sqs().sendMessage(r -> r.queueUrl(url).messageBody("m"));
        Message first = receive(url, 0, 20).get(0);

        sim.clock.advance(Duration.ofSeconds(19));
        assertThat(receive(url, 0, 20)).isEmpty();
        sim.clock.advance(Duration.ofSeconds(1));
        Message again = receive(url, 0, 20).get(0);
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.receiptHandle()).isNotEqualTo(first.receiptHandle());
        assertThat(again.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    }

    @Test
    void aLongPollReturnsAsSoonAsAMessageArrivesAndEmptyWhenTheWaitEnds() throws Exception {
        sim = SimulatedEc2.start();
        String url = queueUrl();
        long start = System.nanoTime();
        assertThat(receive(url, 1, 20)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));

        CompletableFuture<List<Message>> poll = CompletableFuture.supplyAsync(() -> receive(url, 20, 20));
        Thread.sleep(300);
        assertThat(poll).isNotDone();
        long sent = System.nanoTime();
        sim.sqs().sendMessage(r -> r.queueUrl(url).messageBody("wake up"));
        List<Message> got = poll.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(3));
        assertThat(got).extracting(Message::body).containsExactly("wake up");
    }

    @Test
    void onTheSystemClockAWaitingLongPollGetsTheMessageBackWhenItsVisibilityTimeoutRunsOut() {
        try (Ec2Simulator simulator = Ec2Simulator.start(Ec2SimulatorConfig.builder().clusterName("real-time").build());
             SqsClient sqs = SqsClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                     .endpointOverride(simulator.endpoint())
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                             software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKID", "secret")))
                     .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            String url = sqs.getQueueUrl(r -> r.queueName("real-time")).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(url).messageBody("again"));
            Message first = sqs.receiveMessage(r -> r.queueUrl(url).visibilityTimeout(1)).messages().get(0);
            long start = System.nanoTime();
            List<Message> again = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(10).visibilityTimeout(1)).messages();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(4));
            assertThat(again).extracting(Message::messageId).containsExactly(first.messageId());
        }
    }

    @Test
    void outOfRangeParametersAreRejected() {
        sim = SimulatedEc2.start();
        String url = queueUrl();
        assertThatThrownBy(() -> sim.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(11)))
                .isInstanceOf(SqsException.class).hasMessageContaining("MaxNumberOfMessages");
        assertThatThrownBy(() -> sim.sqs().receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(21)))
                .isInstanceOf(SqsException.class).hasMessageContaining("WaitTimeSeconds");
    }

    @Test
    void iamAllowsTheInterruptionPolicysActionsOnTheQueueAndDeniesTheRest() {
        sim = SimulatedEc2.start(c -> c.iam(IamConfig.builder()
                .policy("interruption", POLICIES.resolve("interruption.json"))
                .policy("reader", POLICIES.resolve("reader.json"))
                .adminKey(SimulatedEc2.ADMIN_KEY).build()));
        SqsClient granted = sim.sqsAs("interruption");
        SqsClient notGranted = sim.sqsAs("reader");
        String url = granted.getQueueUrl(r -> r.queueName(SimulatedEc2.CLUSTER)).queueUrl();
        sim.sqs().sendMessage(r -> r.queueUrl(url).messageBody("m"));

        Message m = granted.receiveMessage(r -> r.queueUrl(url)).messages().get(0);
        granted.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
        assertThatThrownBy(() -> granted.sendMessage(r -> r.queueUrl(url).messageBody("x")))
                .isInstanceOf(SqsException.class).hasMessageContaining("not authorized to perform: sqs:SendMessage")
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> notGranted.receiveMessage(r -> r.queueUrl(url)))
                .isInstanceOf(SqsException.class)
                .hasMessageContaining("sqs:ReceiveMessage on resource: arn:aws:sqs:us-east-1:123456789012:" + SimulatedEc2.CLUSTER);
        assertThatThrownBy(() -> sim.sqsAs("stranger").getQueueUrl(r -> r.queueName(SimulatedEc2.CLUSTER)))
                .isInstanceOf(SqsException.class).satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(403));
        assertThat(sim.simulator.iamUsage()).extracting(Object::toString).anyMatch(s -> s.contains("AllowInterruptionQueueActions"));
    }
}
