package io.kafkarpenter.service.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kafkarpenter.model.kubeevent.InvolvedObject;
import io.kafkarpenter.model.kubeevent.KarpenterEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The recorder against fabric8's CRUD mock API server: what {@code kubectl describe} would list. */
class KubeEventRecorderIT {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private SimpleMeterRegistry registry;
    private KubeEventRecorder recorder;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        registry = new SimpleMeterRegistry();
        recorder = new KubeEventRecorder(client, "kafkarpenter-provisioner", "provisioner-0", registry,
            Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        recorder.close();
        client.close();
        server.destroy();
    }

    private List<Event> events(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
            .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
    }

    private double counted(String result) {
        var c = registry.find("kafkarpenter.kube.events").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aPodEventIsWrittenInThePodsNamespaceWithItsReference() {
        var pod = new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-1").withUid("pod-uid")
            .endMetadata().build();
        recorder.publish(KarpenterEvents.failedScheduling(KubeEventRecorder.involved(pod),
            "NodePool default: cpu limit 10 reached"));
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();

        List<Event> events = events("shop");
        assertThat(events).hasSize(1);
        Event e = events.get(0);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("FailedScheduling");
        assertThat(e.getMessage()).isEqualTo("Failed to schedule pod, NodePool default: cpu limit 10 reached");
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(e.getInvolvedObject().getNamespace()).isEqualTo("shop");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("web-1");
        assertThat(e.getInvolvedObject().getUid()).isEqualTo("pod-uid");
        assertThat(e.getSource().getComponent()).isEqualTo("kafkarpenter-provisioner");
        assertThat(e.getReportingComponent()).isEqualTo("kafkarpenter-provisioner");
        assertThat(e.getReportingInstance()).isEqualTo("provisioner-0");
        assertThat(e.getCount()).isEqualTo(1);
        assertThat(e.getMetadata().getName()).startsWith("web-1.");
        assertThat(e.getFirstTimestamp()).isNotBlank().isEqualTo(e.getLastTimestamp());
        assertThat(counted("created")).isEqualTo(1);
    }

    @Test
    void clusterScopedObjectsGetTheirEventsInDefault() {
        recorder.publish(KarpenterEvents.disruptionTerminating(InvolvedObject.nodeClaim("default-abc", "c-uid"),
            io.kafkarpenter.model.reasons.Reason.EMPTY));
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(events("default")).singleElement().satisfies(e -> {
            assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("karpenter.sh/v1");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("NodeClaim");
            assertThat(e.getInvolvedObject().getNamespace()).isNull();
            assertThat(e.getMessage()).isEqualTo("Disrupting NodeClaim: Empty");
        });
    }

    @Test
    void anIdenticalRepeatCountsUpOnTheSameEvent() {
        InvolvedObject claim = InvolvedObject.nodeClaim("default-abc", "c-uid");
        for (int i = 0; i < 3; i++) {
            recorder.publish(KarpenterEvents.conditionTransition(claim, "Launched", "Unknown", "True", "Launched", ""));
        }
        recorder.publish(KarpenterEvents.conditionTransition(claim, "Launched", "True", "False", "LaunchFailed", "x"));
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();

        List<Event> events = events("default");
        assertThat(events).hasSize(2);
        assertThat(events).filteredOn(e -> e.getMessage().contains("Unknown -> True")).singleElement()
            .satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
        assertThat(counted("created")).isEqualTo(2);
        assertThat(counted("patched")).isEqualTo(2);
    }

    @Test
    void aDeletedEventIsCreatedAgainOnTheNextRepeat() {
        InvolvedObject claim = InvolvedObject.nodeClaim("default-abc", "c-uid");
        recorder.publish(KarpenterEvents.conditionTransition(claim, "Launched", "Unknown", "True", "Launched", ""));
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
        client.v1().events().inNamespace("default").delete();
        recorder.publish(KarpenterEvents.conditionTransition(claim, "Launched", "Unknown", "True", "Launched", ""));
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(events("default")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }

    @Test
    void deduplicatedEventsAreNotWrittenAndFailuresNeverReachTheCaller() {
        InvolvedObject pod = InvolvedObject.pod("shop", "web-1", "pod-uid");
        recorder.publish(KarpenterEvents.failedScheduling(pod, "a"));
        recorder.publish(KarpenterEvents.failedScheduling(pod, "b"));
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events("shop")).hasSize(1);
        assertThat(counted("deduplicated")).isEqualTo(1);

        server.destroy(); // the API server is gone: the write fails, the caller does not notice
        recorder.publish(KarpenterEvents.failedScheduling(InvolvedObject.pod("shop", "web-2", "u2"), "c"));
        assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(counted("failed")).isEqualTo(1);
    }
}
