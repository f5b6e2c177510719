package io.kafkarpenter.provisioner;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodePoolStatus;

/**
 * Reports on a NodePool's status whether the provisioner can use it: condition {@code ValidationSucceeded}
 * (Karpenter's; False with the violations naming the fields) and {@code NodeClassReady} (False when its EC2NodeClass
 * is missing or not Ready — {@code EC2NodeClassConditions.notReady} —, True otherwise). Writes only when the
 * condition changes.
 */
@ApplicationScoped
public class NodePoolConditions {

    static final String VALIDATION_SUCCEEDED = "ValidationSucceeded";
    static final String NODE_CLASS_READY = "NodeClassReady";
    private static final Logger LOG = Logger.getLogger(NodePoolConditions.class);

    private final KubernetesClient client;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, String> written = new ConcurrentHashMap<>();

    NodePoolConditions(KubernetesClient client) {
        this.client = client;
    }

    void report(NodePool pool, String type, boolean ok, String reason, String message) {
        String name = pool.getMetadata().getName();
        String status = ok ? "True" : "False";
        String fingerprint = type + "=" + status + "/" + reason + "/" + message + "@" + pool.getMetadata().getGeneration();
        if (fingerprint.equals(written.get(name + "/" + type)) || sameCondition(pool, type, status, reason, message)) {
            written.put(name + "/" + type, fingerprint);
            return;
        }
        Condition condition = new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
            .withMessage(message).withObservedGeneration(pool.getMetadata().getGeneration())
            .withLastTransitionTime(clock.instant().toString()).build();
        try {
            client.resources(NodePool.class).withName(name).editStatus(current -> {
                NodePoolStatus st = current.getStatus() == null ? new NodePoolStatus() : current.getStatus();
                List<Condition> conditions = new ArrayList<>(st.getConditions() == null ? List.of() : st.getConditions());
                conditions.removeIf(c -> type.equals(c.getType()));
                conditions.add(condition);
                st.setConditions(conditions);
                current.setStatus(st);
                return current;
            });
            written.put(name + "/" + type, fingerprint);
            if (!ok) {
                LOG.warnf("NodePool %s: %s=False (%s): %s", name, type, reason, message);
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot write NodePool %s status condition %s: %s", name, type, e.getMessage());
        }
    }

    private static boolean sameCondition(NodePool pool, String type, String status, String reason, String message) {
        if (pool.getStatus() == null || pool.getStatus().getConditions() == null) {
            return false;
        }
        return pool.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType())
            && status.equals(c.getStatus()) && Objects.equals(reason, c.getReason())
            && Objects.equals(message, c.getMessage()));
    }
}
