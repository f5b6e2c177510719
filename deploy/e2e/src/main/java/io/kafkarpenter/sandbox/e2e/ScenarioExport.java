package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.cli.DisruptionSimulation;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.crd.AmiSelectorTerm;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The sandbox's live state as a {@code bin/kk simulate} scenario in {@code mode: disruption}
 * (shared/scenarios/FORMAT.md): NodePools and EC2NodeClasses (with their drift hashes, and the EC2NodeClass's AMIs as
 * {@code al2023@latest} resolves them in EC2 now when its status has none), every Node with its NodeClaim's facts
 * (created at, annotations, initialized, being deleted, price, the instance's AMI — what the consolidator reads too;
 * not its subnet and security groups, which it does not compare) and its
 * bound pods, NodeClaims still launching (not initialized: neither candidates nor destinations), pending pods, PDBs
 * and DaemonSets, at one instant.
 *
 * <p>{@link #decide} runs one pass of the planner on it in-process (what {@code bin/kk simulate} prints for the
 * written file, at the instant of the export); {@link #steadyState} runs pass after pass with
 * {@link DisruptionSimulation#eventually}: the cost the disruption loop converges to from this state (see there).
 */
public final class ScenarioExport {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private final KubernetesClient kube;
    private final Ec2Client ec2;
    private final List<String> zones;
    private final Map<String, Double> onDemandPrices = new HashMap<>();

    public ScenarioExport(KubernetesClient kube, Ec2Client ec2, List<String> zones) {
        this.kube = kube;
        this.ec2 = ec2;
        this.zones = zones;
        for (CatalogEntry e : BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1)) {
            onDemandPrices.put(e.name(), e.onDemandPriceUSD());
        }
    }

    public static ScenarioExport of(Sandbox sandbox) {
        return new ScenarioExport(sandbox.kube(), sandbox.ec2(), List.of("us-east-1a", "us-east-1b", "us-east-1c"));
    }

    /** The scenario of the cluster now, as YAML. */
    public String export(String name) {
        return toYaml(tree(name, Instant.now()));
    }

    /**
     * The same scenario in {@code mode: provision}: what {@code bin/kk simulate} launches for the pods pending now,
     * with the Nodes and the NodeClaims still launching as existing capacity (as the provisioner counts them).
     */
    public String exportForProvisioning(String name) {
        ObjectNode root = tree(name, Instant.now());
        root.put("mode", "provision");
        return toYaml(root);
    }

    /** Writes {@link #export} to the file and returns it. */
    public Path write(String name, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, export(name));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Where the disruption loop converges from the cluster now ({@link DisruptionSimulation#eventually}: every open
     * consolidateAfter window passed, every command applied as if it succeeded, pass after pass until none; at most
     * {@code maxPasses}): {@code finalCostPerHour()} is the cost to compare a live run with.
     */
    public DisruptionSimulation.Result steadyState(String name, int maxPasses) {
        return DisruptionSimulation.eventually(export(name), maxPasses);
    }

    /** One pass of {@code bin/kk simulate} on the cluster now: its JSON decision as a map. */
    public Map<String, Object> decide(String name) {
        return DisruptionSimulation.decide(export(name));
    }

    // -- the tree ---------------------------------------------------------------------------------------------------

    ObjectNode tree(String name, Instant now) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", name);
        root.put("description", "exported from a running sandbox at " + now);
        root.put("mode", "disruption");
        root.put("catalog", "aws");
        ArrayNode zoneList = root.putArray("zones");
        zones.forEach(zoneList::add);
        root.put("now", now.toString());

        List<EC2NodeClass> classes = kube.resources(EC2NodeClass.class).list().getItems();
        Map<String, EC2NodeClass> classByName = new HashMap<>();
        classes.forEach(c -> classByName.put(c.getMetadata().getName(), c));
        ArrayNode pools = root.putArray("nodePools");
        for (NodePool pool : sorted(kube.resources(NodePool.class).list().getItems())) {
            ObjectNode p = manifest(pool, true);
            Map<String, String> hashes = new LinkedHashMap<>();
            hashes.put(DriftHashes.NODEPOOL_HASH, DriftHashes.nodePool(pool));
            hashes.put(DriftHashes.NODEPOOL_HASH_VERSION, DriftHashes.NODEPOOL_VERSION);
            putAnnotationsIfAbsent(p, hashes);
            pools.add(p);
        }
        ArrayNode nodeClasses = root.putArray("nodeClasses");
        for (EC2NodeClass nc : sorted(classes)) {
            ObjectNode c = manifest(nc, false);
            putAnnotationsIfAbsent(c, Map.of(DriftHashes.NODECLASS_HASH, DriftHashes.nodeClass(nc),
                DriftHashes.NODECLASS_HASH_VERSION, DriftHashes.NODECLASS_VERSION));
            ObjectNode status = c.has("status") && c.get("status").isObject() ? (ObjectNode) c.get("status")
                : c.putObject("status");
            if (!status.has("amis") || status.get("amis").isEmpty()) {
                status.set("amis", resolvedAmis(nc));
            }
            nodeClasses.add(c);
        }

        Map<String, List<Pod>> podsByNode = new HashMap<>();
        ArrayNode pending = JsonNodeFactory.instance.arrayNode();
        for (Pod pod : sorted(kube.pods().inAnyNamespace().list().getItems())) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Succeeded".equals(phase) || "Failed".equals(phase) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String nodeName = pod.getSpec().getNodeName();
            if (nodeName == null || nodeName.isEmpty()) {
                pending.add(pod(pod));
            } else {
                podsByNode.computeIfAbsent(nodeName, k -> new ArrayList<>()).add(pod);
            }
        }
        Map<String, NodeClaim> claimByNode = new HashMap<>();
        List<NodeClaim> claims = sorted(kube.resources(NodeClaim.class).list().getItems());
        for (NodeClaim c : claims) {
            if (c.getStatus() != null && c.getStatus().getNodeName() != null) {
                claimByNode.put(c.getStatus().getNodeName(), c);
            }
        }
        Map<String, Instance> instances = instancesById();
        ArrayNode existing = root.putArray("existingNodes");
        List<String> nodeNames = new ArrayList<>();
        for (Node node : sorted(kube.nodes().list().getItems())) {
            nodeNames.add(node.getMetadata().getName());
            existing.add(node(node, claimByNode.get(node.getMetadata().getName()), instances,
                podsByNode.getOrDefault(node.getMetadata().getName(), List.of())));
        }
        for (NodeClaim c : claims) {
            boolean hasNode = c.getStatus() != null && c.getStatus().getNodeName() != null
                && nodeNames.contains(c.getStatus().getNodeName());
            ObjectNode launching = hasNode ? null : launching(c, instances);
            if (launching != null) {
                existing.add(launching);
            }
        }
        root.set("pods", pending);
        ArrayNode pdbs = root.putArray("pdbs");
        ArrayNode daemonSets = root.putArray("daemonSets");
        try {
            kube.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems()
                .forEach(pdb -> pdbs.add(manifest(pdb, false)));
        } catch (KubernetesClientException e) {
            // the API server does not serve PDBs: none
        }
        try {
            kube.apps().daemonSets().inAnyNamespace().list().getItems()
                .forEach(ds -> daemonSets.add(manifest(ds, false)));
        } catch (KubernetesClientException e) {
            // the API server does not serve DaemonSets: none
        }
        return root;
    }

    private ObjectNode node(Node node, NodeClaim claim, Map<String, Instance> instances, List<Pod> pods) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", node.getMetadata().getName());
        Map<String, String> labels = new LinkedHashMap<>(orEmpty(node.getMetadata().getLabels()));
        String pool = labels.get("karpenter.sh/nodepool");
        if (pool != null) {
            n.put("nodePool", pool);
        }
        String type = labels.get("node.kubernetes.io/instance-type");
        if (type != null) {
            n.put("instanceType", type);
        }
        String capacityType = labels.getOrDefault("karpenter.sh/capacity-type", "on-demand");
        n.put("capacityType", capacityType);
        if (claim != null && NodeClaimConditions.isTrue(claim, NodeClaimConditions.INITIALIZED)) {
            labels.put("karpenter.sh/initialized", "true");
        }
        n.set("labels", JSON.valueToTree(labels));
        ArrayNode taints = n.putArray("taints");
        boolean disruptedTaint = false;
        for (Taint t : node.getSpec() == null || node.getSpec().getTaints() == null ? List.<Taint>of()
            : node.getSpec().getTaints()) {
            ObjectNode tn = taints.addObject().put("key", t.getKey()).put("effect", t.getEffect());
            if (t.getValue() != null && !t.getValue().isEmpty()) {
                tn.put("value", t.getValue());
            }
            disruptedTaint |= DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey());
        }
        if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
            n.set("allocatable", quantities(node.getStatus().getAllocatable()));
        }
        if (node.getStatus() != null && node.getStatus().getCapacity() != null) {
            n.set("capacity", quantities(node.getStatus().getCapacity()));
        }
        String created = claim != null ? claim.getMetadata().getCreationTimestamp()
            : node.getMetadata().getCreationTimestamp();
        if (created != null) {
            n.put("createdAt", created);
        }
        Map<String, String> annotations = new LinkedHashMap<>(orEmpty(node.getMetadata().getAnnotations()));
        if (claim != null) {
            annotations.putAll(orEmpty(claim.getMetadata().getAnnotations()));
        }
        n.set("annotations", JSON.valueToTree(annotations));
        boolean deleting = node.getMetadata().getDeletionTimestamp() != null || disruptedTaint
            || (claim != null && (claim.getMetadata().getDeletionTimestamp() != null
                || annotations.containsKey(DisruptionKeys.TERMINATION_REASON)));
        if (deleting) {
            n.put("deleting", true);
        }
        if ("on-demand".equals(capacityType) && type != null && onDemandPrices.containsKey(type)) {
            n.put("price", onDemandPrices.get(type));
        }
        String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
        if (providerId == null && claim != null && claim.getStatus() != null) {
            providerId = claim.getStatus().getProviderID();
        }
        instanceFacts(n, providerId, claim, instances);
        ArrayNode podList = n.putArray("pods");
        pods.forEach(p -> podList.add(pod(p)));
        return n;
    }

    /** A NodeClaim without a Node yet: capacity on its way, neither a candidate nor a destination; null if unlaunched. */
    private ObjectNode launching(NodeClaim c, Map<String, Instance> instances) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", c.getMetadata().getName());
        Map<String, String> labels = new LinkedHashMap<>(orEmpty(c.getMetadata().getLabels()));
        labels.remove("karpenter.sh/initialized");
        String pool = labels.get("karpenter.sh/nodepool");
        if (pool != null) {
            n.put("nodePool", pool);
        }
        String type = labels.get("node.kubernetes.io/instance-type");
        if (type == null) {
            return null; // not launched yet: nothing to say about it
        }
        n.put("instanceType", type);
        n.set("labels", JSON.valueToTree(labels));
        n.put("createdAt", c.getMetadata().getCreationTimestamp());
        n.set("annotations", JSON.valueToTree(orEmpty(c.getMetadata().getAnnotations())));
        if (c.getMetadata().getDeletionTimestamp() != null) {
            n.put("deleting", true);
        }
        instanceFacts(n, c.getStatus() == null ? null : c.getStatus().getProviderID(), c, instances);
        n.putArray("pods");
        return n;
    }

    private static void instanceFacts(ObjectNode n, String providerId, NodeClaim claim, Map<String, Instance> instances) {
        Instance i = providerId == null ? null : instances.get(providerId.substring(providerId.lastIndexOf('/') + 1));
        String image = claim != null && claim.getStatus() != null ? claim.getStatus().getImageID() : null;
        if (image == null && i != null) {
            image = i.imageId();
        }
        if (image != null) {
            n.put("imageID", image);
        }
    }

    /** What {@code al2023@latest} (or an AMI id term) resolves to in EC2 now, one AMI per architecture. */
    private ArrayNode resolvedAmis(EC2NodeClass nc) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (nc.getSpec() == null || nc.getSpec().getAmiSelectorTerms() == null) {
            return out;
        }
        for (AmiSelectorTerm term : nc.getSpec().getAmiSelectorTerms()) {
            if (term.getAlias() != null && term.getAlias().startsWith("al2023@")) {
                String version = term.getAlias().substring("al2023@".length());
                for (String arch : List.of("x86_64", "arm64")) {
                    String pattern = "amazon-eks-node-al2023-" + arch + "-standard-*"
                        + ("latest".equals(version) ? "" : "-" + version);
                    ec2.describeImagesPaginator(r -> r.owners("amazon").filters(
                            Filter.builder().name("name").values(pattern).build())).images().stream()
                        .max(Comparator.comparing(Image::creationDate))
                        .ifPresent(image -> out.add(ami(image.imageId(), image.name(),
                            "arm64".equals(arch) ? "arm64" : "amd64")));
                }
            } else if (term.getId() != null) {
                ec2.describeImages(r -> r.imageIds(term.getId())).images().forEach(image -> out.add(ami(
                    image.imageId(), image.name(), "arm64".equals(image.architectureAsString()) ? "arm64" : "amd64")));
            }
        }
        return out;
    }

    private static ObjectNode ami(String id, String name, String arch) {
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("id", id).put("name", name);
        ObjectNode req = a.putArray("requirements").addObject();
        req.put("key", "kubernetes.io/arch").put("operator", "In").putArray("values").add(arch);
        return a;
    }

    private Map<String, Instance> instancesById() {
        Map<String, Instance> out = new HashMap<>();
        ec2.describeInstancesPaginator(r -> { }).reservations()
            .forEach(r -> r.instances().forEach(i -> out.put(i.instanceId(), i)));
        return out;
    }

    // -- manifests --------------------------------------------------------------------------------------------------

    /** A pod as the scenario needs it: identity, labels, annotations, owners, spec, phase and start time. */
    private static ObjectNode pod(Pod pod) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("apiVersion", "v1").put("kind", "Pod");
        p.set("metadata", metadata(pod, true));
        ObjectNode spec = JSON.valueToTree(pod.getSpec());
        spec.remove("nodeName");
        p.set("spec", spec);
        ObjectNode status = p.putObject("status");
        if (pod.getStatus() != null) {
            status.put("phase", pod.getStatus().getPhase());
            if (pod.getStatus().getStartTime() != null) {
                status.put("startTime", pod.getStatus().getStartTime());
            }
        }
        return p;
    }

    private static ObjectNode manifest(HasMetadata object, boolean dropStatus) {
        ObjectNode m = JSON.valueToTree(object);
        m.set("metadata", metadata(object, false));
        if (dropStatus) {
            m.remove("status");
        }
        return m;
    }

    private static ObjectNode metadata(HasMetadata object, boolean withOwners) {
        var meta = object.getMetadata();
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("name", meta.getName());
        if (meta.getNamespace() != null) {
            m.put("namespace", meta.getNamespace());
        }
        if (meta.getUid() != null) {
            m.put("uid", meta.getUid());
        }
        if (meta.getCreationTimestamp() != null) {
            m.put("creationTimestamp", meta.getCreationTimestamp());
        }
        if (meta.getLabels() != null && !meta.getLabels().isEmpty()) {
            m.set("labels", JSON.valueToTree(meta.getLabels()));
        }
        if (meta.getAnnotations() != null && !meta.getAnnotations().isEmpty()) {
            m.set("annotations", JSON.valueToTree(meta.getAnnotations()));
        }
        if (withOwners && meta.getOwnerReferences() != null && !meta.getOwnerReferences().isEmpty()) {
            m.set("ownerReferences", JSON.valueToTree(meta.getOwnerReferences()));
        }
        return m;
    }

    private static void putAnnotationsIfAbsent(ObjectNode manifest, Map<String, String> annotations) {
        ObjectNode meta = (ObjectNode) manifest.get("metadata");
        ObjectNode a = meta.has("annotations") ? (ObjectNode) meta.get("annotations") : meta.putObject("annotations");
        annotations.forEach((k, v) -> {
            if (!a.has(k)) {
                a.put(k, v);
            }
        });
    }

    private static ObjectNode quantities(Map<String, io.fabric8.kubernetes.api.model.Quantity> q) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        q.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    private static <T extends HasMetadata> List<T> sorted(List<T> items) {
        List<T> out = new ArrayList<>(items);
        out.sort(Comparator.comparing((T o) -> String.valueOf(o.getMetadata().getNamespace()))
            .thenComparing(o -> o.getMetadata().getName()));
        return out;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    static String toYaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
