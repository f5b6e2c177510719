package io.kafkarpenter.podwatcher;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Topics;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * The partition of {@code kk.pods.pending} a pod goes to: chosen by its workload
 * ({@link io.kafkarpenter.model.pods.PodSchedulingView#workloadKey()}), with Kafka's own hash (murmur2, as the default
 * partitioner applies to keys), so every pod of a Deployment meets in one provisioner replica while the record key
 * stays the pod uid (compaction per pod). Tombstones go to the same partition.
 */
@ApplicationScoped
public class WorkloadPartitions {

    private static final Logger LOG = Logger.getLogger(WorkloadPartitions.class);

    private final KafkaClientService kafka;
    private volatile int partitions;

    WorkloadPartitions(KafkaClientService kafka) {
        this.kafka = kafka;
    }

    /** The partition for the workload, or null when the topic's partition count cannot be learned (default partitioner). */
    public Integer partitionOf(String workloadKey) {
        int count = partitionCount();
        return count <= 0 ? null : partition(workloadKey, count);
    }

    static int partition(String workloadKey, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(workloadKey.getBytes(UTF_8))) % partitionCount;
    }

    private int partitionCount() {
        if (partitions <= 0) {
            try {
                var info = kafka.<String, byte[]>getProducer("pods-pending-out").partitionsFor(Topics.PODS_PENDING)
                    .await().atMost(Duration.ofSeconds(30));
                partitions = info.size();
                LOG.infof("%s has %d partitions; pods are partitioned by workload", Topics.PODS_PENDING, partitions);
            } catch (RuntimeException e) {
                LOG.warnf("cannot learn the partitions of %s: %s", Topics.PODS_PENDING, e.getMessage());
            }
        }
        return partitions;
    }
}
