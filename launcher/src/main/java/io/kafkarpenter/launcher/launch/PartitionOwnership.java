package io.kafkarpenter.launcher.launch;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Topics;

/**
 * Which partitions of {@code kk.nodeclaims.launch} — and so which NodePools — one consumer-group member owns right
 * now. It is what makes NodePool limits atomic across replicas (see DESIGN.md): a record is handled only while its
 * partition is owned, holding the partition's read lock (many records of a partition are handled at once); on
 * revocation the partition is first marked not owned and then the revocation takes the write lock — it waits
 * (bounded) for every record in flight on that partition to finish — so the next owner never overlaps with this one.
 * Also tells the lifecycle loop which NodePools' NodeClaims are this replica's to reconcile.
 */
public final class PartitionOwnership {

    private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);

    private final String topic;
    private final Duration revokeWait;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Map<Integer, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private volatile int partitionCount;

    public PartitionOwnership(String topic, Duration revokeWait) {
        this.topic = topic;
        this.revokeWait = revokeWait;
    }

    public PartitionOwnership() {
        this(Topics.NODECLAIMS_LAUNCH, Duration.ofSeconds(60));
    }

    /** From the consumer's rebalance callback: these partitions are now ours. */
    public void assigned(Collection<TopicPartition> partitions, int partitionsOfTopic) {
        partitionCount = Math.max(partitionCount, partitionsOfTopic);
        for (TopicPartition p : partitions) {
            if (p.topic().equals(topic)) {
                owned.add(p.partition());
            }
        }
        LOG.infof("owns partitions %s of %s (%d in all)", owned, topic, partitionCount);
    }

    /** From the consumer's rebalance callback: give these up, waiting for the records in flight on each. */
    public void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            if (!p.topic().equals(topic)) {
                continue;
            }
            owned.remove(p.partition());
            ReentrantReadWriteLock.WriteLock lock = lock(p.partition()).writeLock();
            try {
                if (lock.tryLock(revokeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    lock.unlock();
                } else {
                    LOG.warnf("partition %s revoked while launches are still in flight after %s", p, revokeWait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs {@code work} for a record of {@code partition} while holding it (its read lock: records of one partition
     * run at once, a revocation waits for all of them); returns false (and does nothing) when the partition is not
     * owned (any more).
     */
    public boolean whileOwning(int partition, Runnable work) {
        ReentrantReadWriteLock.ReadLock lock = lock(partition).readLock();
        lock.lock();
        try {
            if (!owned.contains(partition)) {
                return false;
            }
            work.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether this member owns the partition that NodePool {@code nodePool}'s launch requests go to. */
    public boolean ownsNodePool(String nodePool) {
        int n = partitionCount;
        return n > 0 && nodePool != null && owned.contains(partitionOf(nodePool, n));
    }

    /** Kafka's default partitioner for a String key: murmur2 of the UTF-8 bytes, positive, modulo the count. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % partitions;
    }

    private ReentrantReadWriteLock lock(int partition) {
        return locks.computeIfAbsent(partition, p -> new ReentrantReadWriteLock());
    }
}
