package io.kafkarpenter.testing.kube;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The core/v1 Events about one object, as {@code kubectl describe} lists them (its namespace, or {@code default} for
 * a cluster-scoped object; oldest first), for ITs asserting what a user would read.
 */
public final class KubeEventLog {

    private KubeEventLog() {
    }

    /** Events whose involvedObject is {@code kind/name}, in {@code namespace} (null: {@code default}). */
    public static List<Event> about(KubernetesClient client, String namespace, String kind, String name) {
        return client.v1().events().inNamespace(namespace == null ? "default" : namespace).list().getItems().stream()
            .filter(e -> e.getInvolvedObject() != null && kind.equals(e.getInvolvedObject().getKind())
                && name.equals(e.getInvolvedObject().getName()))
            .sorted(Comparator.comparing((Event e) -> String.valueOf(e.getFirstTimestamp()))
                .thenComparing(e -> e.getMetadata().getName()))
            .toList();
    }

    /** {@code Type  Reason  From  Message} lines, as in {@code kubectl describe}'s Events table (for failure messages). */
    public static String describe(List<Event> events) {
        return events.stream().map(e -> e.getType() + "  " + e.getReason() + "  "
                + (e.getSource() == null ? "" : e.getSource().getComponent()) + "  " + e.getMessage()
                + (e.getCount() != null && e.getCount() > 1 ? "  (x" + e.getCount() + ")" : ""))
            .collect(Collectors.joining("\n"));
    }
}
