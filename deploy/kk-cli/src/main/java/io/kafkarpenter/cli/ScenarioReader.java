package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionPolicy;
import io.kafkarpenter.model.kube.DisruptionInputs;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.pods.NodeSelectorRequirement;
import io.kafkarpenter.model.pods.NodeSelectorTerm;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.model.pods.VolumeClaim;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.yaml.YamlTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.ManifestException;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.validation.EC2NodeClassValidator;
import io.kafkarpenter.model.crd.validation.NodePoolValidator;
import io.kafkarpenter.model.crd.validation.Violation;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.Quantity;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.resources.ResourceNames;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.Taint;
import io.kafkarpenter.model.scheduling.Toleration;

import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a scenario file (shared/scenarios/FORMAT.md) into the scheduler's inputs; bad input → InputException. */
final class ScenarioReader {

    private static final Set<String> CONTROLLERS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "Job",
            "ReplicationController");

    /** Tolerations the DaemonSet controller adds to every daemon pod. */
    private static final List<Toleration> DAEMON_TOLERATIONS = List.of(
            Toleration.exists("node.kubernetes.io/not-ready", "NoExecute"),
            Toleration.exists("node.kubernetes.io/unreachable", "NoExecute"),
            Toleration.exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
            Toleration.exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
            Toleration.exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
            Toleration.exists("node.kubernetes.io/unschedulable", "NoSchedule"));

    /** Everything a simulation needs; {@code snapshot} is the cluster for the disruption planner (disruption mode). */
    record Scenario(String name, String mode, List<NodePoolTemplate> pools, List<ExistingNode> existing,
            List<SchedulingPod> pending, List<SchedulingPod> daemonSets, Set<String> extraWellKnown,
            ClusterSnapshot snapshot) {
    }

    /** The largest scenario file read (a 1,000-node, 20,000-pod snapshot is about 10 MiB of YAML). */
    static final long MAX_FILE_BYTES = 64L << 20;

    /** The project's YAML reader (anchors, aliases, merge keys; alias bombs refused) up to {@link #MAX_FILE_BYTES}. */
    static final YamlTrees TREES = YamlTrees.withCodePointLimit((int) MAX_FILE_BYTES);

    static final ObjectMapper YAML = new ObjectMapper(TREES.factory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, InstanceType> inlineTypes = new LinkedHashMap<>();
    private final Map<String, Node> inlineRaw = new LinkedHashMap<>();
    private final Map<String, List<InstanceType>> typesByNodeClass = new HashMap<>();
    private final Set<String> extraWellKnown = new LinkedHashSet<>();
    private String catalog;
    private List<String> zones = CatalogInstanceTypes.Options.US_EAST_1.zones();
    private final Map<String, Node> pvcs = new HashMap<>();
    private final Map<String, Node> pvs = new HashMap<>();
    private final Map<String, Node> storageClasses = new HashMap<>();
    private long order;
    /** Disruption facts of every pod bound to an existing node. */
    private final Map<SchedulingPod, BoundPod> boundFacts = new java.util.IdentityHashMap<>();
    /** Every NodePool's disruption settings (static ones included). */
    private final List<DisruptionPolicy> policies = new ArrayList<>();

    static Scenario read(File file) {
        if (file.length() > MAX_FILE_BYTES) {
            throw new InputException("", String.format(java.util.Locale.ROOT,
                    "the file is %.1f MiB; scenarios are read up to %d MiB", file.length() / 1048576.0,
                    MAX_FILE_BYTES >> 20));
        }
        JsonNode tree;
        try {
            tree = TREES.read(java.nio.file.Files.newBufferedReader(file.toPath()));
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
                msg = jpe.getOriginalMessage().split("\n")[0] + " (line " + jpe.getLocation().getLineNr()
                        + ", column " + jpe.getLocation().getColumnNr() + ")";
            }
            throw new InputException("", "not valid YAML: " + msg);
        }
        return read(tree);
    }

    /** A scenario already parsed into a tree (e.g. one changed in memory by {@link DisruptionSimulation}). */
    static Scenario read(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InputException("", "the scenario must be a YAML mapping");
        }
        return new ScenarioReader().parse(Node.root(tree));
    }

    private Scenario parse(Node root) {
        String name = root.get("name").text("");
        String mode = root.get("mode").text("provision");
        if (!mode.equals("provision") && !mode.equals("disruption")) {
            throw new InputException("mode", "must be provision or disruption, got '" + mode + "'");
        }
        catalog = root.get("catalog").text();
        if (catalog != null) {
            try {
                BuiltInCatalog.resourceName(catalog);
            } catch (IllegalArgumentException e) {
                throw new InputException("catalog", e.getMessage());
            }
        }
        if (!root.get("zones").missing()) {
            zones = root.get("zones").stringList();
        }
        for (Node t : root.get("instanceTypes").list()) {
            String tname = t.get("name").requiredText();
            inlineRaw.put(tname, t);
        }
        Map<String, EC2NodeClass> classes = new LinkedHashMap<>();
        boolean classesGiven = !root.get("nodeClasses").missing();
        for (Node nc : root.get("nodeClasses").list()) {
            String ncName = nc.get("metadata").get("name").requiredText();
            classes.put(ncName, nodeClass(nc));
        }
        List<NodePoolTemplate> pools = new ArrayList<>();
        Set<String> poolNames = new HashSet<>();
        for (Node np : root.get("nodePools").list()) {
            NodePoolTemplate pool = nodePool(np, classes, classesGiven);
            if (!poolNames.add(np.get("metadata").get("name").text())) {
                throw new InputException(np.get("metadata").get("name").path(), "NodePool "
                        + np.get("metadata").get("name").text() + " is defined twice");
            }
            if (pool != null) {
                pools.add(pool);
            }
        }
        for (Node pvc : root.get("persistentVolumeClaims").list()) {
            String kind = pvc.get("kind").text("PersistentVolumeClaim");
            String pvcName = pvc.get("metadata").get("name").requiredText();
            if (kind.equals("PersistentVolume")) {
                pvs.put(pvcName, pvc);
            } else if (kind.equals("StorageClass")) {
                storageClasses.put(pvcName, pvc);
            } else {
                pvcs.put(pvc.get("metadata").get("namespace").text("default") + "/" + pvcName, pvc);
            }
        }
        for (Node sc : root.get("storageClasses").list()) {
            storageClasses.put(sc.get("metadata").get("name").requiredText(), sc);
        }
        Set<String> seen = new HashSet<>();
        List<ExistingNode> existing = new ArrayList<>();
        Set<String> nodeNames = new HashSet<>();
        for (Node n : root.get("existingNodes").list()) {
            ExistingNode node = existingNode(n, classes, seen);
            if (!nodeNames.add(node.name())) {
                throw new InputException(n.get("name").path(), "node " + node.name() + " is defined twice");
            }
            existing.add(node);
        }
        List<SchedulingPod> pending = new ArrayList<>();
        for (Node p : root.get("pods").list()) {
            for (SchedulingPod pod : expand(p, false)) {
                if (!seen.add(pod.key())) {
                    throw new InputException(p.path() + ".metadata.name", "pod " + pod.key() + " is defined twice");
                }
                pending.add(pod);
            }
        }
        List<SchedulingPod> daemons = new ArrayList<>();
        for (Node ds : root.get("daemonSets").list()) {
            daemons.add(daemonSet(ds));
        }
        ClusterSnapshot snapshot = null;
        if (mode.equals("disruption")) {
            snapshot = new DisruptionReader(root, boundFacts).snapshot(pools, policies, existing, pending, daemons,
                    instanceTypesFor(null, null), extraWellKnown);
        }
        return new Scenario(name, mode, pools, existing, pending, daemons, extraWellKnown, snapshot);
    }

    // -- node classes, instance types, node pools ------------------------------------------------------------------

    /** Reads one Karpenter object with the CRD classes and their validation; problems name the field. */
    private static <T extends HasMetadata> T crd(Node n, Class<T> type, String apiVersion, String kind) {
        if (!n.json().isObject()) {
            throw new InputException(n.path(), "must be a " + kind + " manifest");
        }
        ObjectNode json = ((ObjectNode) n.json()).deepCopy();
        if (!json.has("apiVersion")) {
            json.put("apiVersion", apiVersion);
        }
        if (!json.has("kind")) {
            json.put("kind", kind);
        }
        T object;
        try {
            object = KarpenterManifests.readOne(YAML.writeValueAsString(json), type);
        } catch (ManifestException e) {
            String problem = e.getMessage().replaceFirst("^document \\d+( \\([^)]*\\))?: ", "");
            if (!e.fieldPath().isEmpty() && problem.startsWith(e.fieldPath() + ": ")) {
                problem = problem.substring(e.fieldPath().length() + 2);
            }
            throw new InputException(e.fieldPath().isEmpty() ? n.path() : n.path() + "." + e.fieldPath(), problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(n.path(), e.getOriginalMessage());
        }
        List<Violation> violations = object instanceof NodePool pool ? NodePoolValidator.validate(pool)
                : EC2NodeClassValidator.validate((EC2NodeClass) object);
        if (!violations.isEmpty()) {
            Violation v = violations.get(0);
            throw new InputException(n.path() + "." + v.fieldPath(), kind + " " + v.objectName() + ": " + v.message());
        }
        return object;
    }

    private EC2NodeClass nodeClass(Node nc) {
        EC2NodeClass nodeClass = crd(nc, EC2NodeClass.class, "karpenter.k8s.aws/v1", "EC2NodeClass");
        try {
            EngineInputs.kubelet(nodeClass);
            EngineInputs.rootVolumeBytes(nodeClass);
        } catch (FieldException e) {
            throw new InputException(nc.path() + "." + e.field(), e.problem());
        }
        return nodeClass;
    }

    private List<InstanceType> instanceTypesFor(String nodeClassName, EC2NodeClass nodeClass) {
        String key = nodeClassName == null ? "" : nodeClassName;
        List<InstanceType> cached = typesByNodeClass.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, InstanceType> byName = new LinkedHashMap<>();
        if (catalog != null) {
            CatalogInstanceTypes.Options opts = CatalogInstanceTypes.Options.US_EAST_1.withZones(zones);
            for (InstanceType t : EngineInputs.instanceTypes(BuiltInCatalog.load(catalog), nodeClass, opts)) {
                byName.put(t.name(), t);
            }
        }
        for (Map.Entry<String, Node> e : inlineRaw.entrySet()) {
            byName.put(e.getKey(), inlineType(e.getValue(), byName.get(e.getKey())));
        }
        List<InstanceType> out = new ArrayList<>(byName.values());
        typesByNodeClass.put(key, out);
        return out;
    }

    private InstanceType inlineType(Node t, InstanceType base) {
        String name = t.get("name").requiredText();
        InstanceType cached = inlineTypes.get(name);
        if (cached != null && base == null) {
            return cached;
        }
        ResourceList capacity = t.get("capacity").missing() ? null : resources(t.get("capacity"));
        if (capacity == null && base == null) {
            throw new InputException(t.get("capacity").path(), "is required for an instance type not in the catalog");
        }
        if (capacity == null) {
            capacity = base.capacity();
        }
        ResourceList allocatable = t.get("allocatable").missing()
                ? (base != null && t.get("capacity").missing() ? base.allocatable() : capacity)
                : overlay(capacity, resources(t.get("allocatable")));
        Map<String, String> labels = new LinkedHashMap<>();
        if (base != null) {
            labels.putAll(base.labels());
        } else {
            long cpu = capacity.cpuMilli();
            if (cpu > 0 && cpu % 1000 == 0) {
                labels.put(Labels.INSTANCE_CPU, Long.toString(cpu / 1000));
            }
            long mem = capacity.memoryMilli() / 1000;
            if (mem > 0 && mem % (1L << 20) == 0) {
                labels.put(Labels.INSTANCE_MEMORY, Long.toString(mem >> 20));
            }
        }
        Map<String, String> given = t.get("labels").strings();
        labels.putAll(given);
        for (String k : given.keySet()) {
            if (!Labels.WELL_KNOWN.contains(k)) {
                extraWellKnown.add(k);
            }
        }
        List<Offering> offerings = new ArrayList<>();
        if (t.get("offerings").missing() && base != null) {
            offerings.addAll(base.offerings());
        }
        for (Node o : t.get("offerings").list()) {
            String zone = o.get("zone").requiredText();
            Double price = o.get("price").number();
            if (price == null) {
                throw new InputException(o.get("price").path(), "is required");
            }
            offerings.add(new Offering(zone, o.get("capacityType").text(Labels.CAPACITY_TYPE_ON_DEMAND), price,
                    o.get("available").bool(true)));
        }
        InstanceType it = new InstanceType(name, labels, capacity, allocatable, offerings);
        if (base == null) {
            inlineTypes.put(name, it);
        }
        return it;
    }

    private static ResourceList overlay(ResourceList capacity, ResourceList allocatable) {
        ResourceList.Builder b = ResourceList.builder();
        capacity.asMilliMap().forEach(b::setMilli);
        allocatable.asMilliMap().forEach(b::setMilli);
        return b.build();
    }

    private NodePoolTemplate nodePool(Node np, Map<String, EC2NodeClass> classes, boolean classesGiven) {
        NodePool pool = crd(np, NodePool.class, "karpenter.sh/v1", "NodePool");
        String name = pool.getMetadata().getName();
        Node spec = np.get("spec");
        Node tspec = spec.get("template").get("spec");
        var ref = pool.getSpec().getTemplate().getSpec().getNodeClassRef();
        String nodeClass = ref == null ? null : ref.getName();
        if (nodeClass == null || nodeClass.isEmpty()) {
            throw new InputException(tspec.get("nodeClassRef").get("name").path(), "is required (NodePool " + name + ")");
        }
        if (classesGiven && !classes.containsKey(nodeClass)) {
            throw new InputException(tspec.get("nodeClassRef").get("name").path(), "NodePool " + name + " references "
                    + (ref.getKind() == null ? "EC2NodeClass" : ref.getKind()) + " " + nodeClass
                    + ", which is not defined in nodeClasses");
        }
        boolean dynamic = spec.get("replicas").missing();
        try {
            policies.add(DisruptionInputs.policy(pool, dynamic));
        } catch (IllegalArgumentException e) {
            String msg = e instanceof FieldException fe ? fe.field() + ": " + fe.problem() : e.getMessage();
            throw new InputException(np.path(), "NodePool " + name + ": " + msg);
        }
        if (!dynamic) {
            return null; // static capacity: not part of dynamic provisioning
        }
        List<InstanceType> types = instanceTypesFor(classesGiven ? nodeClass : null, classes.get(nodeClass));
        try {
            return EngineInputs.nodePool(pool, types);
        } catch (FieldException e) {
            throw new InputException(np.path() + "." + e.field(), e.problem());
        }
    }

    private static List<Taint> taints(Node list) {
        List<Taint> out = new ArrayList<>();
        for (Node t : list.list()) {
            String effect = t.get("effect").text();
            if (effect == null || !(effect.equals("NoSchedule") || effect.equals("PreferNoSchedule")
                    || effect.equals("NoExecute"))) {
                throw new InputException(t.get("effect").path(), "must be NoSchedule, PreferNoSchedule or NoExecute");
            }
            out.add(new Taint(t.get("key").requiredText(), t.get("value").text(""), effect));
        }
        return out;
    }

    static Quantity quantity(Node n) {
        try {
            return Quantity.parse(n.text());
        } catch (IllegalArgumentException e) {
            throw new InputException(n.path(), e.getMessage());
        }
    }

    static ResourceList resources(Node n) {
        ResourceList.Builder b = ResourceList.builder();
        for (Map.Entry<String, String> e : n.strings().entrySet()) {
            b.set(e.getKey(), quantity(n.get(e.getKey())));
        }
        return b.build();
    }

    // -- existing nodes ---------------------------------------------------------------------------------------------

    private ExistingNode existingNode(Node n, Map<String, EC2NodeClass> classes, Set<String> seen) {
        String name = n.get("name").requiredText();
        Map<String, String> labels = new LinkedHashMap<>(n.get("labels").strings());
        String pool = n.get("nodePool").text(labels.get(Labels.NODEPOOL));
        String typeName = n.get("instanceType").text(labels.get(Labels.INSTANCE_TYPE));
        InstanceType type = null;
        if (typeName != null) {
            for (InstanceType t : instanceTypesFor(null, null)) {
                if (t.name().equals(typeName)) {
                    type = t;
                }
            }
            if (type != null) {
                for (Map.Entry<String, String> l : type.labels().entrySet()) {
                    labels.putIfAbsent(l.getKey(), l.getValue());
                }
            }
            labels.putIfAbsent(Labels.INSTANCE_TYPE, typeName);
        }
        if (pool != null) {
            labels.putIfAbsent(Labels.NODEPOOL, pool);
        }
        labels.putIfAbsent(Labels.HOSTNAME, name);
        ResourceList allocatable;
        if (!n.get("allocatable").missing()) {
            allocatable = resources(n.get("allocatable"));
        } else if (type != null) {
            allocatable = type.allocatable();
        } else {
            throw new InputException(n.get("allocatable").path(), "is required when the instance type is unknown");
        }
        if (!allocatable.has(ResourceNames.PODS)) {
            allocatable = allocatable.plus(ResourceList.builder().setUnits(ResourceNames.PODS, 110).build());
        }
        ResourceList capacity = !n.get("capacity").missing() ? resources(n.get("capacity"))
                : type != null ? type.capacity() : null;
        boolean initialized = pool == null || "true".equals(labels.get(Labels.INITIALIZED));
        List<SchedulingPod> pods = new ArrayList<>();
        for (Node p : n.get("pods").list()) {
            for (SchedulingPod pod : expand(p, true)) {
                if (!seen.add(pod.key())) {
                    throw new InputException(p.path() + ".metadata.name", "pod " + pod.key() + " is defined twice");
                }
                pods.add(pod);
            }
        }
        return new ExistingNode(name, pool, labels, taints(n.get("taints")), allocatable, capacity, initialized, pods);
    }

    // -- workloads ----------------------------------------------------------------------------------------------------

    private <T> T convert(Node n, Class<T> type) {
        if (n.missing()) {
            return null;
        }
        try {
            return YAML.convertValue(n.json(), type);
        } catch (IllegalArgumentException e) {
            String field = n.path();
            if (e.getCause() instanceof JsonMappingException jme) {
                StringBuilder sb = new StringBuilder(field);
                for (JsonMappingException.Reference r : jme.getPath()) {
                    if (r.getFieldName() != null) {
                        sb.append('.').append(r.getFieldName());
                    } else if (r.getIndex() >= 0) {
                        sb.append('[').append(r.getIndex()).append(']');
                    }
                }
                field = sb.toString();
                throw new InputException(field, jme.getOriginalMessage().split("\n")[0]);
            }
            throw new InputException(field, e.getMessage().split("\n")[0]);
        }
    }

    private List<SchedulingPod> expand(Node manifest, boolean bound) {
        if (!manifest.json().isObject()) {
            throw new InputException(manifest.path(), "must be a mapping (a Pod or workload manifest)");
        }
        String kind = manifest.get("kind").text("Pod");
        Node metaNode = manifest.get("metadata");
        String name = metaNode.get("name").requiredText();
        String namespace = metaNode.get("namespace").text("default");
        List<SchedulingPod> out = new ArrayList<>();
        if (kind.equals("Pod")) {
            Pod pod = convert(manifest, Pod.class);
            if (pod.getSpec() == null) {
                throw new InputException(manifest.get("spec").path(), "is required");
            }
            ObjectMeta meta = pod.getMetadata();
            meta.setNamespace(namespace);
            String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
            boolean terminal = phase.equals("Succeeded") || phase.equals("Failed") || meta.getDeletionTimestamp() != null;
            boolean creationGiven = meta.getCreationTimestamp() != null && !meta.getCreationTimestamp().isEmpty();
            fillIdentity(meta, metaNode);
            SchedulingPod scheduling = schedulingPod(pod, manifest.get("spec").path(), terminal);
            if (bound) {
                boundFacts.put(scheduling, boundPod(pod, scheduling, creationGiven, manifest));
            }
            out.add(scheduling);
            return out;
        }
        if (!CONTROLLERS.contains(kind)) {
            throw new InputException(manifest.get("kind").path(), "unsupported kind " + kind
                    + " (Pod, Deployment, ReplicaSet, StatefulSet, Job)");
        }
        Node spec = manifest.get("spec");
        Node template = spec.get("template");
        PodTemplateSpec podTemplate = convert(template, PodTemplateSpec.class);
        if (podTemplate == null || podTemplate.getSpec() == null) {
            throw new InputException(template.get("spec").path(), "is required");
        }
        int replicas;
        if (!spec.get("replicas").missing()) {
            replicas = spec.get("replicas").integer();
        } else if (kind.equals("Job")) {
            int parallelism = spec.get("parallelism").missing() ? 1 : spec.get("parallelism").integer();
            replicas = spec.get("completions").missing() ? parallelism
                    : Math.min(parallelism, spec.get("completions").integer());
        } else {
            replicas = 1;
        }
        if (replicas < 0) {
            throw new InputException(spec.get("replicas").path(), "must not be negative");
        }
        String created = metaNode.get("creationTimestamp").text();
        for (int i = 0; i < replicas; i++) {
            ObjectMeta meta = podTemplate.getMetadata() == null ? new ObjectMeta()
                    : new ObjectMetaBuilder(podTemplate.getMetadata()).build();
            meta.setName(name + "-" + i);
            meta.setNamespace(namespace);
            meta.setUid(null);
            meta.setCreationTimestamp(created);
            meta.setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind)
                    .withName(name).withController(true).build()));
            fillIdentity(meta, null);
            io.fabric8.kubernetes.api.model.PodSpec podSpec = podTemplate.getSpec();
            if (kind.equals("StatefulSet") && !spec.get("volumeClaimTemplates").missing()) {
                // the StatefulSet controller gives replica i a claim <template>-<name>-<i> per volumeClaimTemplate
                podSpec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(podSpec).build();
                List<io.fabric8.kubernetes.api.model.Volume> volumes = podSpec.getVolumes() == null ? new ArrayList<>()
                        : new ArrayList<>(podSpec.getVolumes());
                for (Node vct : spec.get("volumeClaimTemplates").list()) {
                    String claimTemplate = vct.get("metadata").get("name").requiredText();
                    volumes.add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(claimTemplate)
                            .withNewPersistentVolumeClaim().withClaimName(claimTemplate + "-" + name + "-" + i)
                            .endPersistentVolumeClaim().build());
                }
                podSpec.setVolumes(volumes);
            }
            Pod pod = new PodBuilder().withMetadata(meta).withSpec(podSpec).build();
            SchedulingPod scheduling = schedulingPod(pod, template.get("spec").path(), false);
            if (bound) {
                boundFacts.put(scheduling, boundPod(pod, scheduling, created != null, manifest));
            }
            out.add(scheduling);
        }
        return out;
    }

    private static BoundPod boundPod(Pod pod, SchedulingPod scheduling, boolean creationGiven, Node manifest) {
        try {
            return DisruptionInputs.boundPod(pod, scheduling, creationGiven);
        } catch (IllegalArgumentException e) {
            throw new InputException(manifest.path(), e.getMessage());
        }
    }

    /** uid and creationTimestamp are required by the view; scenario manifests may leave them out. */
    private void fillIdentity(ObjectMeta meta, Node metaNode) {
        order++;
        if (meta.getUid() == null || meta.getUid().isEmpty()) {
            meta.setUid(meta.getNamespace() + "/" + meta.getName());
        }
        if (meta.getCreationTimestamp() == null || meta.getCreationTimestamp().isEmpty()) {
            meta.setCreationTimestamp(Instant.parse("2000-01-01T00:00:00Z").plusMillis(order).toString());
        } else {
            try {
                java.time.OffsetDateTime.parse(meta.getCreationTimestamp());
            } catch (DateTimeParseException e) {
                throw new InputException((metaNode == null ? "metadata" : metaNode.path()) + ".creationTimestamp",
                        "is not an RFC 3339 timestamp");
            }
        }
    }

    /** fabric8 Pod -> PodSchedulingView (the shared contract) -> SchedulingPod, naming the field on bad input. */
    private SchedulingPod schedulingPod(Pod pod, String specPath, boolean terminal) {
        PodViews.defaultHostNetworkPorts(pod.getSpec());
        PodSchedulingView view;
        try {
            view = PodViews.from(pod);
        } catch (IllegalArgumentException e) {
            throw new InputException(specPath, e.getMessage());
        }
        List<VolumeClaim> claims = new ArrayList<>();
        String volumeError = null;
        for (VolumeClaim c : view.volumeClaims()) {
            try {
                claims.add(c.resolvedTo(volumeTopology(view.namespace(), c.claimName())));
            } catch (IllegalStateException e) {
                volumeError = e.getMessage();
                claims.add(c.resolvedTo(List.of()));
            }
        }
        view = view.withVolumeClaims(claims);
        try {
            SchedulingPod.Builder b = EngineInputs.podBuilder(view).terminal(terminal).volumeError(volumeError);
            if (pod.getMetadata().getOwnerReferences() != null) {
                // Karpenter: owned by a DaemonSet through any owner reference, controller or not
                for (var ref : pod.getMetadata().getOwnerReferences()) {
                    if ("DaemonSet".equals(ref.getKind()) && ref.getName() != null) {
                        b.daemonSet(view.namespace() + "/" + ref.getName());
                    }
                }
            }
            return b.build();
        } catch (FieldException e) {
            throw new InputException(specPath + "." + specField(e.field()), e.problem());
        }
    }

    /** Maps an EngineInputs pod field name back to the pod spec's field path. */
    private static String specField(String field) {
        return field.replace("nodeAffinity.required[", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[")
                .replace("nodeAffinity.preferred[", "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[");
    }

    private SchedulingPod daemonSet(Node ds) {
        String name = ds.get("metadata").get("name").requiredText();
        String namespace = ds.get("metadata").get("namespace").text("default");
        Node template = ds.get("spec").get("template");
        PodTemplateSpec podTemplate = convert(template, PodTemplateSpec.class);
        if (podTemplate == null || podTemplate.getSpec() == null) {
            throw new InputException(template.get("spec").path(), "is required");
        }
        ObjectMeta meta = podTemplate.getMetadata() == null ? new ObjectMeta()
                : new ObjectMetaBuilder(podTemplate.getMetadata()).build();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setUid("daemonset/" + namespace + "/" + name);
        meta.setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("DaemonSet")
                .withName(name).withController(true).build()));
        fillIdentity(meta, null);
        Pod pod = new PodBuilder().withMetadata(meta).withSpec(podTemplate.getSpec()).build();
        PodViews.defaultHostNetworkPorts(pod.getSpec());
        PodSchedulingView view;
        try {
            view = PodViews.from(pod);
        } catch (IllegalArgumentException e) {
            throw new InputException(template.get("spec").path(), e.getMessage());
        }
        try {
            // the DaemonSet controller adds these tolerations to every daemon pod
            return EngineInputs.podBuilder(view).tolerations(DAEMON_TOLERATIONS).build();
        } catch (FieldException e) {
            throw new InputException(template.get("spec").path() + "." + specField(e.field()), e.problem());
        }
    }

    // -- volumes ------------------------------------------------------------------------------------------------------

    private List<NodeSelectorTerm> volumeTopology(String namespace, String claim) {
        Node pvc = pvcs.get(namespace + "/" + claim);
        if (pvc == null) {
            return List.of();
        }
        if (pvc.get("metadata").get("deletionTimestamp").text() != null) {
            throw new IllegalStateException(claim + " is being deleted");
        }
        if ("Lost".equals(pvc.get("status").get("phase").text())) {
            throw new IllegalStateException(claim + " is Lost");
        }
        List<NodeSelectorTerm> out = new ArrayList<>();
        String volumeName = pvc.get("spec").get("volumeName").text();
        Node pv = volumeName == null ? null : pvs.get(volumeName);
        for (Node embedded : List.of(pvc.get("volume"), pvc.get("persistentVolume"), pvc.get("pv"))) {
            if (pv == null && !embedded.missing()) {
                pv = embedded;
            }
        }
        if (pv != null) {
            boolean local = !pv.get("spec").get("local").missing() || !pv.get("spec").get("hostPath").missing();
            for (Node term : pv.get("spec").get("nodeAffinity").get("required").get("nodeSelectorTerms").list()) {
                List<NodeSelectorRequirement> exprs = new ArrayList<>();
                for (Node e : term.get("matchExpressions").list()) {
                    String key = e.get("key").text();
                    if (local && Labels.HOSTNAME.equals(key)) {
                        continue;
                    }
                    // validate now so that the error names the PersistentVolume's field
                    PodAdapter.requirement(key, e.get("operator").text(), e.get("values").stringList(), null, e.path());
                    exprs.add(new NodeSelectorRequirement(key, e.get("operator").text(), e.get("values").stringList()));
                }
                if (!exprs.isEmpty()) {
                    out.add(new NodeSelectorTerm(exprs, List.of()));
                }
            }
        }
        String storageClass = pvc.get("spec").get("storageClassName").text();
        Node sc = storageClass == null ? null : storageClasses.get(storageClass);
        if (pv == null && volumeName == null && sc != null) {
            if ("Immediate".equals(sc.get("volumeBindingMode").text("Immediate"))) {
                throw new IllegalStateException(claim + " is unbound and StorageClass " + storageClass
                        + " binds Immediately");
            }
            for (Node term : sc.get("allowedTopologies").list()) {
                List<NodeSelectorRequirement> exprs = new ArrayList<>();
                for (Node e : term.get("matchLabelExpressions").list()) {
                    exprs.add(new NodeSelectorRequirement(e.get("key").requiredText(), "In", e.get("values").stringList()));
                }
                if (!exprs.isEmpty()) {
                    out.add(new NodeSelectorTerm(exprs, List.of()));
                }
            }
        }
        if (out.isEmpty()) {
            Set<String> zonesOfClaim = new LinkedHashSet<>();
            for (Node src : List.of(pvc, pvc.get("spec"), pvc.get("status"))) {
                for (String k : List.of("zone", "volumeZone")) {
                    String z = src.get(k).text();
                    if (z != null && !z.isEmpty()) {
                        zonesOfClaim.add(z);
                    }
                }
            }
            String label = pvc.get("metadata").get("labels").strings().get(Labels.ZONE);
            if (label != null) {
                zonesOfClaim.add(label);
            }
            if (!zonesOfClaim.isEmpty()) {
                out.add(new NodeSelectorTerm(List.of(new NodeSelectorRequirement(Labels.ZONE, "In",
                        new ArrayList<>(zonesOfClaim))), List.of()));
            }
        }
        return out;
    }
}
