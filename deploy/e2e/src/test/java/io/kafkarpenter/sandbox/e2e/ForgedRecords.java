package io.kafkarpenter.sandbox.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodeClaimSpec;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.crd.NodeClassReference;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.sandbox.e2e.chaos.ForeignInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * What an attacker with write access to the topics (or a confused producer) sends, and the foreign objects it names.
 * Records go to the real topics through a plain producer, as the services' own would, with the Kafka identity of
 * one service (the broker enforces the chart's ACLs: only a service that may write a topic gets a record into it).
 */
final class ForgedRecords implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    /** A producer holding {@code service}'s Kafka credentials (its SCRAM user and password). */
    ForgedRecords(Sandbox sandbox, String service) {
        Properties props = sandbox.clientProperties(service);
        props.put("acks", "all");
        props.put("max.block.ms", "10000");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void send(TerminationRequest r) {
        send(Topics.NODES_TERMINATE, r.key(), EventJson.toBytes(r));
    }

    void send(NodeClaimLaunch l) {
        send(Topics.NODECLAIMS_LAUNCH, l.key(), EventJson.toBytes(l));
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic + ": " + e, e);
        }
    }

    static TerminationRequest terminate(String node, String nodeClaim, String pool, String decisionId) {
        return new TerminationRequest(node, nodeClaim, pool, Reason.UNDERUTILIZED, "forged by the e2e test", decisionId,
            List.of(), Instant.now());
    }

    /**
     * A copy of a real launch record of the pool, as a new decision (new name, fresh lifetime, no pods), carrying the
     * launcher's termination annotations that name {@code victimNode} and its NodeClaim.
     */
    static NodeClaimLaunch launchCarryingTerminationAnnotations(NodeClaimLaunch real, String victimNode,
                                                                String victimClaim, String decisionId) {
        Map<String, String> annotations = new java.util.LinkedHashMap<>(real.annotations());
        annotations.put("kafkarpenter.io/termination-reason", "UNDERUTILIZED");
        annotations.put("kafkarpenter.io/termination-message", "forged by the e2e test");
        annotations.put("kafkarpenter.io/termination-decision", decisionId);
        annotations.put("kafkarpenter.io/termination-replacements", "");
        annotations.put("kafkarpenter.io/termination-node", victimNode);
        annotations.put("kafkarpenter.io/termination-accepted-at", Instant.now().minusSeconds(3600).toString());
        annotations.put("kafkarpenter.io/termination-nodeclaim", victimClaim);
        Instant now = Instant.now();
        return new NodeClaimLaunch(decisionId, NodeClaimLaunch.deriveName(real.nodePool(), decisionId, 0),
            real.nodePool(), real.nodeClassRef(), real.instanceTypes(), real.requirements(), real.labels(), annotations,
            real.taints(), real.startupTaints(), real.resourceRequests(), real.expireAfter(),
            real.terminationGracePeriod(), List.of(), real.reason(), now, now.plusSeconds(600));
    }

    /**
     * An instance of another cluster (its ownership tag names {@code otherCluster}), launched with CreateFleet from a
     * launch template of its own: no Node registers for it here (the kubelet stand-in takes only this cluster's).
     */
    static String foreignInstance(Ec2Client ec2, String otherCluster) {
        return ForeignInstance.launch(ec2, Tag.builder().key("kubernetes.io/cluster/" + otherCluster).value("owned")
            .build());
    }

    /**
     * A NodeClaim of the pool that this cluster's launcher did not create (no finalizer, no decision annotation), whose
     * providerID is the foreign instance, launched, registered and initialized as {@code node}; and that Node
     * (unschedulable, so nothing lands on it; not the kubelet stand-in's, so it leaves it alone).
     */
    static NodeClaim foreignNodeClaim(io.fabric8.kubernetes.client.KubernetesClient kube, String name, String pool,
                                      String node, String instanceId) {
        String providerId = "aws:///us-east-1a/" + instanceId;
        Node n = new NodeBuilder().withNewMetadata().withName(node)
                .addToLabels(DisruptionScene.NODEPOOL, pool).addToLabels("kubernetes.io/hostname", node).endMetadata()
            .withNewSpec().withProviderID(providerId).withUnschedulable(true).endSpec().build();
        kube.nodes().resource(n).create();
        NodeClaim c = new NodeClaim();
        c.getMetadata().setName(name);
        c.getMetadata().setLabels(Map.of(DisruptionScene.NODEPOOL, pool));
        NodeClaimSpec spec = new NodeClaimSpec();
        NodeClassReference ref = new NodeClassReference();
        ref.setGroup("karpenter.k8s.aws");
        ref.setKind("EC2NodeClass");
        ref.setName("pinned");
        spec.setNodeClassRef(ref);
        c.setSpec(spec);
        NodeClaim created = kube.resource(c).create();
        NodeClaimStatus status = new NodeClaimStatus();
        status.setProviderID(providerId);
        status.setNodeName(node);
        created.setStatus(status);
        Instant now = Instant.now();
        for (String type : List.of(NodeClaimConditions.LAUNCHED, NodeClaimConditions.REGISTERED,
                NodeClaimConditions.INITIALIZED)) {
            NodeClaimConditions.set(created, type, "True", type, "", now);
        }
        return kube.resource(created).updateStatus();
    }

    @Override
    public void close() {
        producer.close();
    }
}
