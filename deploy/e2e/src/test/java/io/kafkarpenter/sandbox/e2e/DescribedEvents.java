package io.kafkarpenter.sandbox.e2e;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The core/v1 Events about an object as {@code kubectl describe} shows them: those in its namespace ({@code default}
 * for a cluster-scoped object) whose involvedObject is it, oldest first.
 */
final class DescribedEvents {

    private DescribedEvents() {
    }

    /** Events about {@code kind/name} (namespace null: a cluster-scoped object, its events in {@code default}). */
    static List<Event> of(KubernetesClient client, String namespace, String kind, String name) {
        return inNamespace(client, namespace).stream().filter(e -> kind.equals(e.getInvolvedObject().getKind())
            && name.equals(e.getInvolvedObject().getName())).toList();
    }

    /** Every event of {@code namespace} (null: {@code default}) with {@code reason}. */
    static List<Event> withReason(KubernetesClient client, String namespace, String reason) {
        return inNamespace(client, namespace).stream().filter(e -> reason.equals(e.getReason())).toList();
    }

    private static List<Event> inNamespace(KubernetesClient client, String namespace) {
        return client.v1().events().inNamespace(namespace == null ? "default" : namespace).list().getItems().stream()
            .filter(e -> e.getInvolvedObject() != null)
            .sorted(Comparator.comparing((Event e) -> String.valueOf(e.getFirstTimestamp()))
                .thenComparing(e -> e.getMetadata().getName()))
            .toList();
    }

    /** The Events table of {@code kubectl describe}: {@code Type  Reason  From  Message}, one line each. */
    static String table(List<Event> events) {
        return events.stream().map(e -> "  " + e.getType() + "  " + e.getReason() + "  "
                + (e.getSource() == null ? "" : e.getSource().getComponent()) + "  " + e.getMessage()
                + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : ""))
            .collect(Collectors.joining("\n"));
    }
}
