package io.kafkarpenter.sandbox.kube.kubelet;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A kubelet stand-in for every EC2 instance of the cluster. Each {@link #syncOnce() pass} (idempotent; run every
 * poll interval):
 * <ol>
 *   <li><b>register</b> a Node for each running instance whose boot delay has passed and that has no Node yet
 *       (matched by {@code spec.providerID}): name = private DNS name, providerID {@code aws:///zone/i-…}, labels
 *       from the instance type, zone/region, capacity type and the instance's {@code karpenter.sh/nodepool} /
 *       {@code karpenter.k8s.aws/ec2nodeclass} tags, then the NodePool template's labels and the NodeClaim's labels
 *       (NodeClaim found by the {@code karpenter.sh/nodeclaim} tag or by its {@code status.providerID}); taints and
 *       startup taints from the NodeClaim (else the NodePool template); capacity and allocatable; Ready=True;</li>
 *   <li><b>initialize</b>: once the init delay since registration has passed, remove the startup taints it
 *       registered with (remembered in an annotation, so taints added later by others are left alone);</li>
 *   <li><b>run pods</b> bound to its Nodes: Pending → Running with Ready=True and every container running and ready (what makes a pod "healthy" for
 *       PodDisruptionBudgets);</li>
 *   <li><b>deregister</b>: delete the Node of an instance that is no longer running (terminated, shutting down,
 *       stopped or gone), and the pods bound to it (what the pod garbage collector does for a deleted Node).</li>
 * </ol>
 * It only touches Nodes it registered (annotation {@value #INSTANCE_ID}).
 */
public final class KubeletStandin implements AutoCloseable {

    public static final String PREFIX = "kube-standin.kafkarpenter.io/";
    public static final String INSTANCE_ID = PREFIX + "instance-id";
    public static final String REGISTERED_AT = PREFIX + "registered-at";
    public static final String STARTUP_TAINTS = PREFIX + "startup-taints";
    public static final String INITIALIZED = PREFIX + "initialized";

    private static final Logger LOG = LoggerFactory.getLogger(KubeletStandin.class);

    private final KubernetesClient client;
    private final CloudInstances cloud;
    private final InstanceTypeFacts facts;
    private final KubeletSettings settings;
    private final Clock clock;
    private final Set<String> warnedUnknownTypes = new HashSet<>();
    private ScheduledExecutorService loop;

    public KubeletStandin(KubernetesClient client, CloudInstances cloud, InstanceTypeFacts facts,
                          KubeletSettings settings, Clock clock) {
        this.client = client;
        this.cloud = cloud;
        this.facts = facts;
        this.settings = settings;
        this.clock = clock;
    }

    /** Polls every {@link KubeletSettings#pollInterval()} on its own thread until {@link #close()}. */
    public KubeletStandin start() {
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kubelet-standin"));
        loop.scheduleWithFixedDelay(() -> {
            try {
                syncOnce();
            } catch (RuntimeException e) {
                LOG.warn("kubelet stand-in pass failed (retried next poll): {}", e.toString());
            }
        }, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One idempotent pass over the instances, the Nodes and their pods. */
    public synchronized void syncOnce() {
        Instant now = clock.instant();
        List<CloudInstance> instances = cloud.list();
        Map<String, CloudInstance> instancesById = new HashMap<>();
        instances.forEach(i -> instancesById.put(i.id(), i));
        List<Node> nodes = client.nodes().list().getItems();
        Set<String> providerIds = new HashSet<>();
        nodes.forEach(n -> {
            if (n.getSpec() != null && n.getSpec().getProviderID() != null) {
                providerIds.add(n.getSpec().getProviderID());
            }
        });

        Lookups lookups = new Lookups();
        for (CloudInstance instance : instances) {
            boolean booted = instance.launchTime() == null || !now.isBefore(instance.launchTime().plus(settings.bootDelay()));
            if (instance.running() && booted && !providerIds.contains(instance.providerId())) {
                register(instance, lookups, now);
            }
        }

        Set<String> liveNodes = new HashSet<>();
        Set<String> deletedNodes = new HashSet<>();
        for (Node node : nodes) {
            Map<String, String> annotations = node.getMetadata().getAnnotations();
            String instanceId = annotations == null ? null : annotations.get(INSTANCE_ID);
            if (instanceId == null) {
                continue;
            }
            CloudInstance instance = instancesById.get(instanceId);
            String name = node.getMetadata().getName();
            if (instance == null || !(instance.running() || "pending".equals(instance.state()))) {
                if (node.getMetadata().getDeletionTimestamp() == null) { // a finalizer may hold it: delete once
                    client.nodes().withName(name).delete();
                    LOG.info("node {} deleted: instance {} is {}", name, instanceId, instance == null ? "gone" : instance.state());
                }
                deletedNodes.add(name);
                continue;
            }
            liveNodes.add(name);
            initializeIfDue(node, now);
        }
        syncPods(liveNodes, deletedNodes, now);
    }

    private void register(CloudInstance instance, Lookups lookups, Instant now) {
        Optional<NodeShape> shape = facts.shape(instance.instanceType());
        if (shape.isEmpty()) {
            if (warnedUnknownTypes.add(instance.instanceType())) {
                LOG.warn("instance {} has unknown instance type {}: no Node registered", instance.id(), instance.instanceType());
            }
            return;
        }
        NodeClaim nodeClaim = lookups.nodeClaim(instance);
        String nodePoolName = instance.tags().get("karpenter.sh/nodepool");
        if (nodePoolName == null && nodeClaim != null && nodeClaim.getMetadata().getLabels() != null) {
            nodePoolName = nodeClaim.getMetadata().getLabels().get("karpenter.sh/nodepool");
        }
        NodePool nodePool = nodePoolName == null ? null : lookups.nodePool(nodePoolName);

        String name = instance.nodeName();
        Map<String, String> labels = new LinkedHashMap<>(shape.get().labels());
        labels.put("kubernetes.io/hostname", name);
        labels.put("topology.kubernetes.io/zone", instance.zone());
        labels.put("topology.kubernetes.io/region", instance.region());
        labels.put("karpenter.sh/capacity-type", instance.spot() ? "spot" : "on-demand");
        copyTag(instance, "karpenter.sh/nodepool", labels);
        copyTag(instance, "karpenter.k8s.aws/ec2nodeclass", labels);
        List<Taint> taints = new ArrayList<>();
        List<Taint> startupTaints = new ArrayList<>();
        if (nodePool != null && nodePool.getSpec() != null && nodePool.getSpec().getTemplate() != null) {
            var template = nodePool.getSpec().getTemplate();
            if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            if (nodeClaim == null && template.getSpec() != null) {
                addAll(taints, template.getSpec().getTaints());
                addAll(startupTaints, template.getSpec().getStartupTaints());
            }
        }
        if (nodeClaim != null) {
            if (nodeClaim.getMetadata().getLabels() != null) {
                labels.putAll(nodeClaim.getMetadata().getLabels());
            }
            if (nodeClaim.getSpec() != null) {
                addAll(taints, nodeClaim.getSpec().getTaints());
                addAll(startupTaints, nodeClaim.getSpec().getStartupTaints());
            }
        }
        List<Taint> allTaints = new ArrayList<>(taints);
        allTaints.addAll(startupTaints);
        if (settings.unregisteredTaint()) {
            allTaints.add(new TaintBuilder().withKey("karpenter.sh/unregistered").withEffect("NoExecute").build());
        }

        String arch = labels.getOrDefault("kubernetes.io/arch", "amd64");
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Node node = new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels)
                .addToAnnotations(INSTANCE_ID, instance.id())
                .addToAnnotations(REGISTERED_AT, timestamp)
                .addToAnnotations(STARTUP_TAINTS, Serialization.asJson(startupTaints))
                .endMetadata()
                .withNewSpec().withProviderID(instance.providerId()).withTaints(allTaints).endSpec()
                .withNewStatus()
                .withCapacity(shape.get().capacity())
                .withAllocatable(shape.get().allocatable())
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(timestamp)
                .withLastTransitionTime(timestamp).endCondition()
                .addNewCondition().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory")
                .withLastTransitionTime(timestamp).endCondition()
                .addNewCondition().withType("DiskPressure").withStatus("False").withReason("KubeletHasNoDiskPressure")
                .withLastTransitionTime(timestamp).endCondition()
                .addNewCondition().withType("PIDPressure").withStatus("False").withReason("KubeletHasSufficientPID")
                .withLastTransitionTime(timestamp).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(instance.privateIp() == null ? "" : instance.privateIp()).endAddress()
                .addNewAddress().withType("InternalDNS").withAddress(name).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewNodeInfo().withArchitecture(arch).withOperatingSystem("linux")
                .withKubeletVersion("v1.33.0-eks-standin").withKubeProxyVersion("v1.33.0-eks-standin")
                .withContainerRuntimeVersion("containerd://1.7.27").withOsImage("Amazon Linux 2023 (kube-standin)")
                .withKernelVersion("6.1").withMachineID(instance.id()).withSystemUUID(instance.id())
                .withBootID(instance.id()).endNodeInfo()
                .endStatus()
                .build();
        try {
            client.nodes().resource(node).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return; // registered concurrently under the same name: nothing to do
        }
        LOG.info("node {} registered for instance {} ({} in {})", name, instance.id(), instance.instanceType(), instance.zone());
    }

    private void initializeIfDue(Node node, Instant now) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        if ("true".equals(annotations.get(INITIALIZED))) {
            return;
        }
        Instant registeredAt = Instant.parse(annotations.getOrDefault(REGISTERED_AT, now.toString()));
        if (now.isBefore(registeredAt.plus(settings.initDelay()))) {
            return;
        }
        List<Taint> startupTaints = readTaints(annotations.getOrDefault(STARTUP_TAINTS, "[]"));
        client.nodes().withName(node.getMetadata().getName()).edit(n -> {
            if (n.getSpec().getTaints() != null) {
                n.getSpec().getTaints().removeIf(t -> startupTaints.stream().anyMatch(s -> sameTaint(s, t)));
            }
            n.getMetadata().getAnnotations().put(INITIALIZED, "true");
            return n;
        });
        LOG.info("node {} initialized: startup taints {} removed", node.getMetadata().getName(),
                startupTaints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
    }

    private void syncPods(Set<String> liveNodes, Set<String> deletedNodes, Instant now) {
        if (liveNodes.isEmpty() && deletedNodes.isEmpty()) {
            return;
        }
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (nodeName == null) {
                continue;
            }
            var podResource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
            if (deletedNodes.contains(nodeName)) {
                podResource.delete();
                continue;
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (liveNodes.contains(nodeName) && (phase == null || "Pending".equals(phase))
                    && pod.getMetadata().getDeletionTimestamp() == null) {
                String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
                podResource.editStatus(p -> {
                    if (p.getStatus() == null) {
                        p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
                    }
                    p.getStatus().setPhase("Running");
                    p.getStatus().setStartTime(timestamp);
                    List<PodCondition> conditions = new ArrayList<>(
                            p.getStatus().getConditions() == null ? List.of() : p.getStatus().getConditions());
                    for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
                        conditions.removeIf(c -> type.equals(c.getType()));
                        conditions.add(new PodConditionBuilder().withType(type).withStatus("True")
                                .withLastTransitionTime(timestamp).build());
                    }
                    p.getStatus().setConditions(conditions);
                    // each container running and ready, so kubectl prints READY 1/1 (it counts containerStatuses)
                    List<ContainerStatus> containers = new ArrayList<>();
                    for (Container c : p.getSpec().getContainers()) {
                        containers.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                                .withReady(true).withStarted(true).withRestartCount(0)
                                .withNewState().withNewRunning().withStartedAt(timestamp).endRunning().endState()
                                .build());
                    }
                    p.getStatus().setContainerStatuses(containers);
                    return p;
                });
            }
        }
    }

    private static List<Taint> readTaints(String json) {
        try {
            return Serialization.jsonMapper().readValue(json, new TypeReference<List<Taint>>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("annotation " + STARTUP_TAINTS + " is not a JSON list of taints: " + json, e);
        }
    }

    private static boolean sameTaint(Taint a, Taint b) {
        return java.util.Objects.equals(a.getKey(), b.getKey()) && java.util.Objects.equals(a.getEffect(), b.getEffect())
                && java.util.Objects.equals(emptyToNull(a.getValue()), emptyToNull(b.getValue()));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void copyTag(CloudInstance instance, String key, Map<String, String> labels) {
        String value = instance.tags().get(key);
        if (value != null) {
            labels.put(key, value);
        }
    }

    private static void addAll(List<Taint> target, List<Taint> source) {
        if (source != null) {
            target.addAll(source);
        }
    }

    /** NodeClaims and NodePools, read at most once per pass and only when an instance registers. */
    private final class Lookups {
        private List<NodeClaim> nodeClaims;
        private final Map<String, Optional<NodePool>> nodePools = new HashMap<>();

        NodeClaim nodeClaim(CloudInstance instance) {
            if (nodeClaims == null) {
                nodeClaims = client.resources(NodeClaim.class).list().getItems();
            }
            String byTag = instance.tags().get("karpenter.sh/nodeclaim");
            for (NodeClaim claim : nodeClaims) {
                if (claim.getMetadata().getName().equals(byTag)) {
                    return claim;
                }
            }
            for (NodeClaim claim : nodeClaims) {
                if (claim.getStatus() != null && instance.providerId().equals(claim.getStatus().getProviderID())) {
                    return claim;
                }
            }
            return null;
        }

        NodePool nodePool(String name) {
            return nodePools.computeIfAbsent(name,
                    n -> Optional.ofNullable(client.resources(NodePool.class).withName(n).get())).orElse(null);
        }
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
