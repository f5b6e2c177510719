package io.kafkarpenter.launcher.interruption;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.interruption.InterruptionDecisions;
import io.kafkarpenter.model.interruption.InterruptionMessage;
import io.kafkarpenter.model.interruption.InterruptionParser;
import io.kafkarpenter.model.interruption.InvalidInterruptionMessageException;
import io.kafkarpenter.service.kube.LeaseElection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The interruption queue's one reader (launcher DESIGN.md, "Interruption"). With {@code kk.launcher.interruption.queue}
 * set, each replica competes for the Lease {@code kk-launcher-interruption}; the holder long-polls the queue
 * ({@link #poll}, a Quarkus scheduled job that never overlaps itself: each run is one ReceiveMessage of up to
 * {@code max-messages}, waiting up to {@code wait-time}) and handles the messages one after the other: parse, act
 * ({@link InterruptionHandler}), DeleteMessage. A malformed message is logged, counted, recorded (kk.decisions, INPUT)
 * and deleted; a failed handling leaves the message, which SQS delivers again after the visibility timeout (delivery
 * is at least once; the handling is idempotent). A replica that loses the Lease stops reading and competes again.
 */
@ApplicationScoped
public class InterruptionReader {

    private static final Logger LOG = Logger.getLogger(InterruptionReader.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final LauncherConfig.Interruption config;
    private final KubernetesClient client;
    private final Instance<SqsClient> sqs;
    private final InterruptionHandler handler;
    private final InterruptionMetrics metrics;
    private final LauncherEvents events;
    private final Optional<String> queue;

    private LeaseElection election;
    private volatile boolean active;
    private volatile boolean stopping;
    private volatile String queueUrl;
    private int failures;
    private Instant nextAttempt = Instant.EPOCH;

    InterruptionReader(LauncherConfig config, KubernetesClient client, Instance<SqsClient> sqs,
                       InterruptionHandler handler, InterruptionMetrics metrics, LauncherEvents events) {
        this.config = config.interruption();
        this.client = client;
        this.sqs = sqs;
        this.handler = handler;
        this.metrics = metrics;
        this.events = events;
        this.queue = this.config.queue().map(String::trim).filter(q -> !q.isEmpty());
    }

    void start(@Observes StartupEvent ignored) {
        if (queue.isEmpty()) {
            LOG.info("interruption handling off (kk.launcher.interruption.queue not set)");
            return;
        }
        metrics.registerAtZero();
        compete();
    }

    private synchronized void compete() {
        if (stopping) {
            return;
        }
        election = new LeaseElection(client, config.leaderElection(), "launcher interruption reader");
        election.start(() -> {
            LOG.infof("reading interruption queue %s", queue.get());
            active = true;
        }, () -> {
            LOG.warn("interruption reader lost its Lease: stops reading, competes again");
            active = false;
            compete();
        });
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopping = true;
        active = false;
        synchronized (this) {
            if (election != null) {
                election.stop();
            }
        }
    }

    /** Whether this replica reads the queue now. */
    public boolean isReading() {
        return active && !stopping;
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!isReading() || Instant.now().isBefore(nextAttempt)) {
            return;
        }
        try {
            pollOnce();
            failures = 0;
        } catch (RuntimeException e) {
            failures++;
            Duration backoff = Duration.ofSeconds(1L << Math.min(failures, 5));
            backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
            nextAttempt = Instant.now().plus(backoff);
            queueUrl = null;
            LOG.warnf("interruption queue %s not readable (%s: %s); next attempt in %s", queue.orElse(""),
                e.getClass().getSimpleName(), e.getMessage(), backoff);
        }
    }

    /** One ReceiveMessage and the handling of what it returned; the number of messages received. */
    int pollOnce() {
        String url = queueUrl();
        List<Message> messages = sqs.get().receiveMessage(r -> r.queueUrl(url)
            .maxNumberOfMessages(Math.max(1, Math.min(10, config.maxMessages())))
            .waitTimeSeconds((int) Math.max(0, Math.min(20, config.waitTime().toSeconds())))
            .visibilityTimeout((int) Math.max(0, config.visibilityTimeout().toSeconds()))
            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        for (Message message : messages) {
            if (!isReading()) {
                break; // the rest reappear after their visibility timeout, for the new holder of the Lease
            }
            handle(url, message);
        }
        return messages.size();
    }

    private String queueUrl() {
        String url = queueUrl;
        if (url == null) {
            url = sqs.get().getQueueUrl(r -> r.queueName(queue.get())).queueUrl();
            queueUrl = url;
        }
        return url;
    }

    /** One message: parsed, acted on, deleted; left on the queue when the handling failed. */
    void handle(String url, Message message) {
        String receives = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        InterruptionMessage parsed;
        try {
            parsed = InterruptionParser.parse(message.body());
        } catch (InvalidInterruptionMessageException e) {
            metrics.malformed();
            LOG.warnf("interruption message %s is malformed, deleted: %s", message.messageId(), e.getMessage());
            try {
                var record = InterruptionDecisions.malformed(message.messageId(), e, LauncherEvents.SERVICE, events.now());
                events.record(record, Correlation.NONE.withDecision(record.schedulingId()));
            } catch (RuntimeException failed) {
                LOG.warnf(failed, "interruption message %s: its kk.decisions record failed; left on the queue",
                    message.messageId());
                return;
            }
            delete(url, message);
            return;
        }
        metrics.received(parsed.type());
        if (parsed instanceof InterruptionMessage.NoOp noOp) {
            LOG.debugf("interruption message %s: nothing to do (%s)", message.messageId(), noOp.why());
        }
        try {
            handler.handle(parsed);
        } catch (RuntimeException e) {
            LOG.warnf(e, "interruption message %s (%s, event %s, received %s times) not handled, left on the queue to be "
                + "delivered again after %s", message.messageId(), parsed.type().label(), parsed.id(), receives,
                config.visibilityTimeout());
            return;
        }
        InterruptionDecisions.queueDuration(parsed, events.now()).ifPresent(metrics::queueDuration);
        delete(url, message);
    }

    private void delete(String url, Message message) {
        try {
            sqs.get().deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            metrics.deleted();
        } catch (RuntimeException e) {
            LOG.warnf("interruption message %s handled but not deleted (%s): it will be delivered again, harmlessly",
                message.messageId(), e.getMessage());
        }
    }
}
