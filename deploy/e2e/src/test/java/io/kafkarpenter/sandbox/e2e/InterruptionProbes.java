package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.reasons.Reason;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What {@link InterruptionIT} sends and reads besides the cluster: messages of its own on the interruption queue
 * (SendMessage with the harness' key, as EventBridge would put them there), kk.offerings.unavailable from its start,
 * the launcher's {@code /q/metrics}, and how it reads decisions, events and offerings.
 */
final class InterruptionProbes {

    private InterruptionProbes() {
    }

    /** SendMessage of {@code body} to the sandbox's interruption queue (the cluster name); its MessageId. */
    static String send(Sandbox sandbox, String body) {
        try (SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(sandbox.ec2Endpoint())
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Sandbox.ADMIN_ACCESS_KEY,
                "sandbox")))
            .httpClient(UrlConnectionHttpClient.create()).build()) {
            String url = sqs.getQueueUrl(r -> r.queueName(sandbox.options().clusterName())).queueUrl();
            return sqs.sendMessage(r -> r.queueUrl(url).messageBody(body)).messageId();
        }
    }

    /** Every record on kk.offerings.unavailable so far, oldest first per partition. */
    static List<UnavailableOffering> unavailableOfferings(Sandbox sandbox) {
        Properties props = sandbox.adminClientProperties();
        props.put("group.id", "kk-e2e-offerings-" + UUID.randomUUID());
        props.put("enable.auto.commit", "false");
        List<UnavailableOffering> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
            new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.OFFERINGS_UNAVAILABLE).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        out.add(EventJson.read(r.value(), UnavailableOffering.class));
                    }
                }
            }
        }
        return out;
    }

    /** The launcher's {@code /q/metrics}. */
    static String launcherMetrics(Sandbox sandbox) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.httpPort("launcher")
            + "/q/metrics")).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("launcher /q/metrics: " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("launcher /q/metrics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code <type>/<zone>/<capacity type>} of an instance, as the key of kk.offerings.unavailable. */
    static String offering(software.amazon.awssdk.services.ec2.model.Instance i) {
        String lifecycle = i.instanceLifecycleAsString();
        String capacity = lifecycle == null || "null".equals(lifecycle) ? "on-demand" : lifecycle;
        return i.instanceTypeAsString() + "/" + i.placement().availabilityZone() + "/" + capacity;
    }

    /** The reasons of the decisions about an instance (a subject of kind Instance). */
    static List<Reason> reasonsAbout(List<DecisionRecord> decisions, String instanceId) {
        return decisions.stream().filter(d -> d.subjects().stream()
            .anyMatch(s -> "Instance".equals(s.kind()) && instanceId.equals(s.name()))).map(DecisionRecord::reason)
            .toList();
    }

    /** Reasons of the events on a node and on its NodeClaim, as {@code kubectl describe} lists them. */
    static List<String> eventReasons(KubernetesClient kube, String node, String nodeClaim) {
        List<String> out = new ArrayList<>();
        DescribedEvents.of(kube, null, "Node", node).forEach(e -> out.add(e.getReason()));
        DescribedEvents.of(kube, null, "NodeClaim", nodeClaim).forEach(e -> out.add(e.getReason()));
        return out;
    }

    /** {@code karpenter_nodeclaims_disrupted_total} by reason (summed over the other labels). */
    static Map<String, Double> disrupted(String scrape) {
        Map<String, Double> out = new TreeMap<>();
        for (String reason : List.of("spot_interrupted", "scheduled_change", "instance_stopped", "instance_terminated",
            "rebalance_recommendation")) {
            double n = io.kafkarpenter.testing.metrics.MetricsCatalog.sum(scrape, "karpenter_nodeclaims_disrupted_total",
                Map.of("reason", reason));
            if (n > 0) {
                out.put(reason, n);
            }
        }
        return out;
    }
}
