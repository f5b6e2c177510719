package io.kafkarpenter.launcher.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.ec2.FleetLauncher.Answer;
import io.kafkarpenter.launcher.ec2.FleetLauncher.FleetError;
import io.kafkarpenter.launcher.ec2.FleetLauncher.LaunchedInstance;
import io.kafkarpenter.launcher.ec2.FleetLauncher.Override;
import io.kafkarpenter.launcher.ec2.Tags;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.model.crd.NodeClaim;

/**
 * CreateFleet through Karpenter's batcher (karpenter-aws §1.4; launcher DESIGN.md, "Batched CreateFleet"): launches
 * of NodeClaims with the same input (capacity type, overrides, tags) that arrive within one window are merged into
 * one CreateFleet with {@code TotalTargetCapacity = N}. A batch of one is today's call exactly (ClientToken from the
 * NodeClaim, its {@code karpenter.sh/nodeclaim} tag). A batch of N first writes its id on each member NodeClaim
 * (annotation {@code kafkarpenter.io/launch-batch}, a JSON merge patch: a NodeClaim gone meanwhile fails the batch,
 * and every member is retried in place), then calls with that id as ClientToken and as a tag on the
 * instances, and hands the instances out by {@link LaunchBatches#assign}; members left over get the fleet's errors
 * (or, with none, {@link Result#tooFew()}). A call that throws fails every member with that exception.
 */
@ApplicationScoped
public class FleetBatcher {

    private static final Logger LOG = Logger.getLogger(FleetBatcher.class);
    /** Annotations written at once before a merged call. */
    private static final int ANNOTATION_CONCURRENCY = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a NodeClaim's launch attempt sends, apart from the NodeClaim: equal inputs share a CreateFleet. */
    public record FleetInput(String capacityType, List<Override> overrides, Map<String, String> tags) {
        /** The batcher's bucket key: the whole input, overrides and tags as sets. */
        public String canonical() {
            StringBuilder out = new StringBuilder(capacityType);
            overrides.stream().map(o -> o.launchTemplate() + "|" + o.instanceType() + "|" + o.zone() + "|" + o.subnetId()
                + "|" + o.imageId() + "|" + o.price()).sorted().forEach(o -> out.append(';').append(o));
            new TreeMap<>(tags).forEach((k, v) -> out.append(';').append(k).append('=').append(v));
            return out.toString();
        }
    }

    /**
     * One member's share of a CreateFleet: its instance if it got one, the fleet's errors, the merged call's id (null
     * for a call of its own), and whether this member is the one that reports the errors (one per call, so that an
     * unavailable offering is published once, not once per member).
     */
    public record Result(Optional<LaunchedInstance> instance, List<FleetError> errors, String batchId, boolean reporter) {
        /** Left over without any error to say why. */
        public boolean tooFew() {
            return instance.isEmpty() && errors.isEmpty();
        }
    }

    private record Member(String nodeClaim, FleetInput input) {
    }

    private final FleetLauncher fleet;
    private final KubeState kube;
    private final LauncherMetrics metrics;
    private final Batcher<Member, Result> batcher;

    FleetBatcher(FleetLauncher fleet, KubeState kube, LauncherMetrics metrics, LauncherConfig config) {
        this.fleet = fleet;
        this.kube = kube;
        this.metrics = metrics;
        LauncherConfig.FleetBatch window = config.launch().fleetBatch();
        this.batcher = new Batcher<>(new Batcher.Window(window.idle(), window.max(), window.maxItems()), this::execute,
            (size, open) -> metrics.batch("create_fleet", size, open));
    }

    /** Launches one instance for {@code nodeClaim}, possibly in one call with other NodeClaims of the same input. */
    public Result launch(String nodeClaim, FleetInput input) {
        return batcher.submit(input.canonical(), new Member(nodeClaim, input));
    }

    private List<Result> execute(List<Member> members) {
        FleetInput input = members.get(0).input();
        if (members.size() == 1) {
            String name = members.get(0).nodeClaim();
            Map<String, String> tags = new LinkedHashMap<>(input.tags());
            tags.put(Tags.NODECLAIM, name);
            Answer answer = metrics.cloudProvider("Create", () -> fleet.createFleet(
                FleetLauncher.clientToken(name, input.capacityType(), input.overrides()), 1, input.capacityType(),
                input.overrides(), tags));
            return List.of(new Result(answer.instances().stream().findFirst(), answer.errors(), null, true));
        }
        List<String> names = members.stream().map(Member::nodeClaim).sorted().toList();
        String batchId = LaunchBatches.batchId(names, input.canonical());
        // the id is on every member before the call: a redelivery of a member finds the batch's instances by it
        ObjectNode patchJson = JSON.createObjectNode();
        patchJson.putObject("metadata").putObject("annotations").put(Tags.LAUNCH_BATCH, batchId);
        String patch = patchJson.toString();
        Parallel.forEach(names, ANNOTATION_CONCURRENCY, name -> kube.client().resources(NodeClaim.class).withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        Map<String, String> tags = new LinkedHashMap<>(input.tags());
        tags.put(Tags.LAUNCH_BATCH, batchId);
        Answer answer = metrics.cloudProvider("Create", () -> fleet.createFleet(batchId, names.size(),
            input.capacityType(), input.overrides(), tags));
        Map<String, LaunchedInstance> byId = new LinkedHashMap<>();
        answer.instances().forEach(i -> byId.put(i.instanceId(), i));
        Map<String, String> assigned = LaunchBatches.assign(names, new ArrayList<>(byId.keySet()));
        LOG.infof("CreateFleet %s: %d NodeClaims in one call, %d instances, %d errors", batchId, names.size(),
            byId.size(), answer.errors().size());
        List<Result> out = new ArrayList<>();
        for (Member m : members) {
            String id = assigned.get(m.nodeClaim());
            out.add(new Result(Optional.ofNullable(id).map(byId::get), answer.errors(), batchId, out.isEmpty()));
        }
        return out;
    }
}
