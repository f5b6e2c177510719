package io.kafkarpenter.service.kube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kafkarpenter.model.kubeevent.EventDeduplicator;
import io.kafkarpenter.model.kubeevent.InvolvedObject;
import io.kafkarpenter.model.kubeevent.KubeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes Kubernetes Events (core/v1, as Karpenter's legacy recorder: RBAC {@code ""/events} create, patch) for one
 * service. {@link #publish} applies Karpenter's dedupe and rate limit ({@link EventDeduplicator}) on the caller's
 * thread and queues the event; one background thread writes it, so a decision never waits for the API server and
 * never fails because of an event. Like client-go's correlator, an event identical to one this recorder wrote (same
 * object, type, reason and message; remembered for the last 4096) is not created again: its {@code count} goes up
 * and its {@code lastTimestamp} moves (a JSON merge patch). Events of cluster-scoped objects go to namespace
 * {@code default}. {@code source.component} and {@code reportingComponent} name the service.
 *
 * <p>Never throws into the caller: a full queue drops the event, a failed write is logged; both are counted in
 * {@code kafkarpenter_kube_events_total{reason,result}} (result: created, patched, deduplicated, rate_limited,
 * dropped, failed).
 */
public final class KubeEventRecorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubeEventRecorder.class);
    /** The API server rejects longer messages (events.k8s.io note limit); core/v1 events are cut the same way. */
    static final int MAX_MESSAGE = 1024;
    private static final int QUEUE = 1000;
    private static final int CORRELATOR_CACHE = 4096;

    private final KubernetesClient client;
    private final String component;
    private final String instance;
    private final Clock clock;
    private final MeterRegistry registry;
    private final EventDeduplicator dedupe;
    private final ThreadPoolExecutor writer;
    private final AtomicLong pending = new AtomicLong();
    /** Events written, by correlation key; touched by the writer thread only. */
    private final Map<String, Written> written = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
            return size() > CORRELATOR_CACHE;
        }
    };

    private record Written(String name, String namespace, int count) {
    }

    /**
     * @param component the service, e.g. {@code kafkarpenter-provisioner}
     * @param instance  this replica (its pod name), or null
     */
    public KubeEventRecorder(KubernetesClient client, String component, String instance, MeterRegistry registry,
                             Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.component = Objects.requireNonNull(component, "component");
        this.instance = instance == null || instance.isBlank() ? component : instance;
        this.registry = registry;
        this.clock = clock;
        this.dedupe = new EventDeduplicator(clock);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, component + "-kube-events");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** The involved-object reference of a fabric8 object (its apiVersion, kind, namespace, name and uid). */
    public static InvolvedObject involved(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        return new InvolvedObject(object.getApiVersion() == null ? "v1" : object.getApiVersion(),
            object.getKind() == null ? object.getClass().getSimpleName() : object.getKind(), meta.getNamespace(),
            meta.getName(), meta.getUid());
    }

    /** Publishes {@code event} unless deduplicated or rate-limited; returns at once, never throws. */
    public void publish(KubeEvent event) {
        try {
            EventDeduplicator.Verdict verdict = dedupe.admit(event);
            if (!verdict.publish()) {
                count(event, verdict == EventDeduplicator.Verdict.DEDUPLICATED ? "deduplicated" : "rate_limited");
                return;
            }
            pending.incrementAndGet();
            try {
                writer.execute(() -> {
                    try {
                        write(event);
                    } finally {
                        pending.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException full) {
                pending.decrementAndGet();
                count(event, "dropped");
                LOG.debugf("event queue full: %s %s on %s dropped", event.reason(), event.message(), event.object());
            }
        } catch (RuntimeException e) {
            count(event, "failed");
            LOG.warnf(e, "event %s on %s not published: %s", event.reason(), event.object(), e.getMessage());
        }
    }

    /** Tests: waits until every queued event is written (or {@code timeout} passes); true when none is left. */
    public boolean flush(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return pending.get() == 0;
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(KubeEvent event) {
        InvolvedObject o = event.object();
        String message = event.message().length() > MAX_MESSAGE ? event.message().substring(0, MAX_MESSAGE)
            : event.message();
        String key = String.join("\u0000", o.apiVersion(), o.kind(), String.valueOf(o.namespace()), o.name(),
            String.valueOf(o.uid()), event.type().name(), event.reason(), message);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            Written before = written.get(key);
            if (before != null && patch(before, now)) {
                written.put(key, new Written(before.name(), before.namespace(), before.count() + 1));
                count(event, "patched");
                return;
            }
            Event created = client.v1().events().inNamespace(o.eventNamespace()).resource(build(event, message, now))
                .create();
            written.put(key, new Written(created.getMetadata().getName(), o.eventNamespace(), 1));
            count(event, "created");
            LOG.debugf("event %s %s on %s: %s", event.type(), event.reason(), o, message);
        } catch (RuntimeException e) {
            count(event, "failed");
            LOG.warnf("event %s on %s not written: %s", event.reason(), o, e.getMessage());
        }
    }

    /** count++ and lastTimestamp on the event written before; false when it is gone (then a new one is created). */
    private boolean patch(Written before, String now) {
        Event ref = new EventBuilder().withNewMetadata().withName(before.name()).withNamespace(before.namespace())
            .endMetadata().build();
        try {
            client.v1().events().inNamespace(before.namespace()).resource(ref).patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"count\":" + (before.count() + 1) + ",\"lastTimestamp\":\"" + now + "\"}");
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private Event build(KubeEvent event, String message, String now) {
        InvolvedObject o = event.object();
        Instant at = clock.instant();
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return new EventBuilder()
            .withNewMetadata().withName(o.name() + "." + Long.toHexString(nanos)).withNamespace(o.eventNamespace())
            .endMetadata()
            .withNewInvolvedObject().withApiVersion(o.apiVersion()).withKind(o.kind()).withNamespace(o.namespace())
            .withName(o.name()).withUid(o.uid()).endInvolvedObject()
            .withType(event.type().name()).withReason(event.reason()).withMessage(message)
            .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
            .withNewSource().withComponent(component).endSource()
            .withReportingComponent(component).withReportingInstance(instance)
            .build();
    }

    private void count(KubeEvent event, String result) {
        if (registry == null) {
            return;
        }
        Counter.builder("kafkarpenter.kube.events").description("Kubernetes Events by reason and what became of them")
            .tag("reason", event.reason()).tag("result", result).register(registry).increment();
    }
}
