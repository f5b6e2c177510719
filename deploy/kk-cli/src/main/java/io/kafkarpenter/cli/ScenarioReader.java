package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.instancetypes.EksAllocatable;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
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

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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

    /** Everything a simulation needs. */
    record Scenario(String name, String mode, List<NodePoolTemplate> pools, List<ExistingNode> existing,
            List<SchedulingPod> pending, List<SchedulingPod> daemonSets, Set<String> extraWellKnown) {
    }

    private record NodeClassSettings(KubeletSettings kubelet, long rootVolumeBytes) {
    }

    private final Map<String, InstanceType> inlineTypes = new LinkedHashMap<>();
    private final Map<String, Node> inlineRaw = new LinkedHashMap<>();
    private final Map<String, List<InstanceType>> typesByNodeClass = new HashMap<>();
    private final Set<String> extraWellKnown = new LinkedHashSet<>();
    private String catalog;
    private List<String> zones = CatalogInstanceTypes.Options.US_EAST_1.zones();
    private final Map<String, Node> pvcs = new HashMap<>();
    private final Map<String, Node> pvs = new HashMap<>();
    private long order;

    static Scenario read(File file) {
        JsonNode tree;
        try {
            tree = YAML.readTree(file);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
                msg = jpe.getOriginalMessage().split("\n")[0] + " (line " + jpe.getLocation().getLineNr()
                        + ", column " + jpe.getLocation().getColumnNr() + ")";
            }
            throw new InputException("", "not valid YAML: " + msg);
        }
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
        Map<String, NodeClassSettings> classes = new LinkedHashMap<>();
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
            } else {
                pvcs.put(pvc.get("metadata").get("namespace").text("default") + "/" + pvcName, pvc);
            }
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
        return new Scenario(name, mode, pools, existing, pending, daemons, extraWellKnown);
    }

    // -- node classes, instance types, node pools ------------------------------------------------------------------

    private NodeClassSettings nodeClass(Node nc) {
        String kind = nc.get("kind").text("EC2NodeClass");
        if (!kind.equals("EC2NodeClass")) {
            throw new InputException(nc.get("kind").path(), "must be EC2NodeClass, got " + kind);
        }
        Node kubelet = nc.get("spec").get("kubelet");
        KubeletSettings settings = new KubeletSettings(kubelet.get("maxPods").integer(),
                kubelet.get("podsPerCore").integer(), resources(kubelet.get("kubeReserved")),
                resources(kubelet.get("systemReserved")), kubelet.get("evictionHard").strings());
        long root = EksAllocatable.DEFAULT_ROOT_VOLUME_BYTES;
        for (Node bdm : nc.get("spec").get("blockDeviceMappings").list()) {
            boolean isRoot = bdm.get("rootVolume").bool(false) || "/dev/xvda".equals(bdm.get("deviceName").text());
            String size = bdm.get("ebs").get("volumeSize").text();
            if (isRoot && size != null) {
                root = quantity(bdm.get("ebs").get("volumeSize")).milliValue() / 1000;
            }
        }
        return new NodeClassSettings(settings, root);
    }

    private List<InstanceType> instanceTypesFor(String nodeClass, NodeClassSettings settings) {
        String key = nodeClass == null ? "" : nodeClass;
        List<InstanceType> cached = typesByNodeClass.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, InstanceType> byName = new LinkedHashMap<>();
        KubeletSettings kubelet = settings == null ? KubeletSettings.DEFAULT : settings.kubelet();
        if (catalog != null) {
            CatalogInstanceTypes.Options opts = CatalogInstanceTypes.Options.US_EAST_1.withZones(zones);
            if (settings != null) {
                opts = new CatalogInstanceTypes.Options(opts.region(), opts.zones(), opts.capacityTypes(),
                        new EksAllocatable.Options(EksAllocatable.DEFAULT_VM_MEMORY_OVERHEAD_PERCENT, 0,
                                settings.rootVolumeBytes()));
            }
            for (CatalogEntry e : BuiltInCatalog.load(catalog)) {
                byName.put(e.name(), CatalogInstanceTypes.build(e, kubelet, opts));
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

    private NodePoolTemplate nodePool(Node np, Map<String, NodeClassSettings> classes, boolean classesGiven) {
        String name = np.get("metadata").get("name").requiredText();
        String kind = np.get("kind").text("NodePool");
        if (!kind.equals("NodePool")) {
            throw new InputException(np.get("kind").path(), "must be NodePool, got " + kind);
        }
        Node spec = np.get("spec");
        Node tspec = spec.get("template").get("spec");
        Node ref = tspec.get("nodeClassRef");
        String nodeClass = ref.get("name").text();
        if (ref.missing()) {
            throw new InputException(ref.path(), "is required (NodePool " + name + ")");
        }
        if (nodeClass == null || nodeClass.isEmpty()) {
            throw new InputException(ref.get("name").path(), "is required (NodePool " + name + ")");
        }
        String refKind = ref.get("kind").text("EC2NodeClass");
        if (classesGiven && !classes.containsKey(nodeClass)) {
            throw new InputException(ref.get("name").path(), "NodePool " + name + " references " + refKind + " "
                    + nodeClass + ", which is not defined in nodeClasses");
        }
        Requirements reqs = new Requirements();
        int i = 0;
        for (Node r : tspec.get("requirements").list()) {
            String w = r.path();
            Integer minValues = r.get("minValues").integer();
            if (minValues != null && (minValues < 1 || minValues > 50)) {
                throw new InputException(w + ".minValues", "must be between 1 and 50");
            }
            reqs.add(PodAdapter.requirement(r.get("key").text(), r.get("operator").text(),
                    r.get("values").stringList(), minValues, w));
            i++;
        }
        List<Taint> taints = taints(tspec.get("taints"));
        List<Taint> startup = taints(tspec.get("startupTaints"));
        ResourceList limits = resources(spec.get("limits"));
        Integer weight = spec.get("weight").integer();
        if (!spec.get("replicas").missing()) {
            return null; // static capacity: not part of dynamic provisioning
        }
        List<InstanceType> types = instanceTypesFor(classesGiven ? nodeClass : null, classes.get(nodeClass));
        return new NodePoolTemplate(name, weight == null ? 0 : weight, reqs,
                spec.get("template").get("metadata").get("labels").strings(), taints, startup, limits, types,
                nodeClass);
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

    private ExistingNode existingNode(Node n, Map<String, NodeClassSettings> classes, Set<String> seen) {
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
            ObjectMeta meta = convert(metaNode, ObjectMeta.class);
            PodSpec spec = convert(manifest.get("spec"), PodSpec.class);
            String phase = manifest.get("status").get("phase").text("");
            boolean terminal = phase.equals("Succeeded") || phase.equals("Failed")
                    || (meta != null && meta.getDeletionTimestamp() != null);
            String daemonSet = null;
            if (meta != null && meta.getOwnerReferences() != null) {
                for (var ref : meta.getOwnerReferences()) {
                    if ("DaemonSet".equals(ref.getKind())) {
                        daemonSet = namespace + "/" + ref.getName();
                    }
                }
            }
            out.add(PodAdapter.toPod(namespace, name, meta, spec, manifest.path(), creationOrder(metaNode),
                    this::volumeAlternatives, daemonSet, terminal));
            return out;
        }
        if (!CONTROLLERS.contains(kind)) {
            throw new InputException(manifest.get("kind").path(), "unsupported kind " + kind
                    + " (Pod, Deployment, ReplicaSet, StatefulSet, Job)");
        }
        Node spec = manifest.get("spec");
        Node template = spec.get("template");
        ObjectMeta tmeta = convert(template.get("metadata"), ObjectMeta.class);
        PodSpec podSpec = convert(template.get("spec"), PodSpec.class);
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
        long created = creationOrder(metaNode);
        for (int i = 0; i < replicas; i++) {
            out.add(PodAdapter.toPod(namespace, name + "-" + i, tmeta, podSpec, template.path(), created + i,
                    this::volumeAlternatives, null, false));
        }
        return out;
    }

    private long creationOrder(Node meta) {
        String ts = meta.get("creationTimestamp").text();
        order += 1000;
        if (ts != null) {
            try {
                return Instant.parse(ts).toEpochMilli() * 1000;
            } catch (DateTimeParseException e) {
                throw new InputException(meta.get("creationTimestamp").path(), "is not an RFC 3339 timestamp");
            }
        }
        return Long.MIN_VALUE / 2 + order;
    }

    private SchedulingPod daemonSet(Node ds) {
        String name = ds.get("metadata").get("name").requiredText();
        String namespace = ds.get("metadata").get("namespace").text("default");
        Node template = ds.get("spec").get("template");
        ObjectMeta meta = convert(template.get("metadata"), ObjectMeta.class);
        PodSpec spec = convert(template.get("spec"), PodSpec.class);
        SchedulingPod pod = PodAdapter.toPod(namespace, name, meta, spec, template.path(), 0, null,
                namespace + "/" + name, false);
        // rebuild with the controller's tolerations added
        SchedulingPod.Builder b = SchedulingPod.builder(namespace, name).uid("daemonset/" + namespace + "/" + name)
                .labels(pod.labels()).requests(pod.requests()).nodeSelector(pod.nodeSelector())
                .requiredTerms(pod.requiredTerms()).tolerations(pod.tolerations()).tolerations(DAEMON_TOLERATIONS)
                .daemonSet(namespace + "/" + name);
        pod.hostPorts().forEach(b::hostPort);
        return b.build();
    }

    // -- volumes ------------------------------------------------------------------------------------------------------

    private List<Requirements> volumeAlternatives(String namespace, String claim) {
        Node pvc = pvcs.get(namespace + "/" + claim);
        if (pvc == null) {
            return List.of();
        }
        if (pvc.get("metadata").get("deletionTimestamp").text() != null) {
            throw new IllegalStateException("PersistentVolumeClaim " + claim + " is being deleted");
        }
        if ("Lost".equals(pvc.get("status").get("phase").text())) {
            throw new IllegalStateException("PersistentVolumeClaim " + claim + " is Lost");
        }
        List<Requirements> out = new ArrayList<>();
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
                Requirements r = new Requirements();
                for (Node e : term.get("matchExpressions").list()) {
                    String key = e.get("key").text();
                    if (local && Labels.HOSTNAME.equals(key)) {
                        continue;
                    }
                    r.add(PodAdapter.requirement(key, e.get("operator").text(), e.get("values").stringList(), null,
                            e.path()));
                }
                if (!r.isEmpty()) {
                    out.add(r);
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
                out.add(Requirements.of(Requirement.of(Labels.ZONE, io.kafkarpenter.model.requirements.Operator.In,
                        zonesOfClaim)));
            }
        }
        return out;
    }
}
