package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.kafkarpenter.sandbox.kube.api.write.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cases after upstream's strategicpatch tests, on the fields of real kinds. */
class StrategicMergePatchTest {

    static final PatchSchema DEPLOYMENT = PatchSchema.forResource("apps", "deployments");
    static final PatchSchema POD = PatchSchema.forResource("", "pods");

    static JsonNode deployment(String containers) {
        return json("{'metadata': {'name': 'inflate', 'labels': {'app': 'inflate', 'team': 'a'}},"
                + " 'spec': {'replicas': 0, 'strategy': {'type': 'RollingUpdate', 'rollingUpdate': {'maxSurge': 1}},"
                + " 'template': {'spec': {'containers': " + containers + ", 'tolerations': [{'key': 'a'}, {'key': 'b'}]}}}}");
    }

    static JsonNode containers(JsonNode object) {
        return object.at("/spec/template/spec/containers");
    }

    @Test
    void kubectlSetResourcesMergesIntoTheNamedContainerAndKeepsTheOthers() {
        JsonNode original = deployment("[{'name': 'pause', 'image': 'pause:3.7'}, {'name': 'side', 'image': 'side:1'}]");
        JsonNode patch = json("{'spec': {'template': {'spec': {'$setElementOrder/containers': [{'name': 'pause'}, {'name': 'side'}],"
                + " 'containers': [{'name': 'pause', 'resources': {'requests': {'cpu': '1'}}}]}}}}");

        JsonNode patched = StrategicMergePatch.apply(original, patch, DEPLOYMENT);

        assertThat(containers(patched)).isEqualTo(json("[{'name': 'pause', 'image': 'pause:3.7', 'resources': {'requests': {'cpu': '1'}}},"
                + " {'name': 'side', 'image': 'side:1'}]"));
        assertThat(patched.at("/spec/replicas").asInt()).isZero();
    }

    @Test
    void mapsMergeAndNullDeletes() {
        JsonNode patched = StrategicMergePatch.apply(deployment("[]"),
                json("{'metadata': {'labels': {'team': null, 'tier': 'web'}}, 'spec': {'replicas': 5}}"), DEPLOYMENT);

        assertThat(patched.at("/metadata/labels")).isEqualTo(json("{'app': 'inflate', 'tier': 'web'}"));
        assertThat(patched.at("/spec/replicas").asInt()).isEqualTo(5);
    }

    @Test
    void envMergesByNameAndDeleteDirectiveRemovesOne() {
        JsonNode original = deployment("[{'name': 'c', 'env': [{'name': 'A', 'value': '1'}, {'name': 'B', 'value': '2'}]}]");
        JsonNode patch = json("{'spec': {'template': {'spec': {'containers': [{'name': 'c', 'env': ["
                + "{'name': 'B', 'value': '3'}, {'name': 'C', 'value': '4'}, {'name': 'A', '$patch': 'delete'}]}]}}}}");

        JsonNode patched = StrategicMergePatch.apply(original, patch, DEPLOYMENT);

        assertThat(containers(patched).get(0).get("env"))
                .isEqualTo(json("[{'name': 'B', 'value': '3'}, {'name': 'C', 'value': '4'}]"));
    }

    @Test
    void listsWithoutMergeKeyAreReplacedTolerationsAmongThem() {
        JsonNode patched = StrategicMergePatch.apply(deployment("[]"),
                json("{'spec': {'template': {'spec': {'tolerations': [{'key': 'c'}]}}}}"), DEPLOYMENT);

        assertThat(patched.at("/spec/template/spec/tolerations")).isEqualTo(json("[{'key': 'c'}]"));
    }

    @Test
    void replaceDirectiveReplacesAMergingListAndDeleteDirectiveEmptiesAMap() {
        JsonNode original = deployment("[{'name': 'a'}, {'name': 'b'}]");

        JsonNode replaced = StrategicMergePatch.apply(original, json("{'spec': {'template': {'spec': {'containers': "
                + "[{'name': 'z', 'image': 'z'}, {'$patch': 'replace'}]}}}}"), DEPLOYMENT);
        JsonNode emptied = StrategicMergePatch.apply(original, json("{'metadata': {'labels': {'$patch': 'delete'}}}"), DEPLOYMENT);
        JsonNode mapReplaced = StrategicMergePatch.apply(original,
                json("{'metadata': {'labels': {'$patch': 'replace', 'only': 'this'}}}"), DEPLOYMENT);

        assertThat(containers(replaced)).isEqualTo(json("[{'name': 'z', 'image': 'z'}]"));
        assertThat(emptied.at("/metadata/labels")).isEqualTo(json("{}"));
        assertThat(mapReplaced.at("/metadata/labels")).isEqualTo(json("{'only': 'this'}"));
    }

    @Test
    void retainKeysClearsTheFieldsItDoesNotName() {
        JsonNode patched = StrategicMergePatch.apply(deployment("[]"),
                json("{'spec': {'strategy': {'$retainKeys': ['type'], 'type': 'Recreate'}}}"), DEPLOYMENT);

        assertThat(patched.at("/spec/strategy")).isEqualTo(json("{'type': 'Recreate'}"));
        assertThatThrownBy(() -> StrategicMergePatch.apply(deployment("[]"),
                json("{'spec': {'strategy': {'$retainKeys': ['type'], 'rollingUpdate': {}}}}"), DEPLOYMENT))
                .isInstanceOf(PatchException.class);
    }

    @Test
    void primitiveMergeListsAreUnitedAndDeleteFromPrimitiveListRemoves() {
        JsonNode original = json("{'metadata': {'name': 'p', 'finalizers': ['a', 'b']}}");

        JsonNode united = StrategicMergePatch.apply(original, json("{'metadata': {'finalizers': ['b', 'c']}}"), POD);
        JsonNode removed = StrategicMergePatch.apply(original,
                json("{'metadata': {'$deleteFromPrimitiveList/finalizers': ['a']}}"), POD);

        assertThat(united.at("/metadata/finalizers")).isEqualTo(json("['a', 'b', 'c']"));
        assertThat(removed.at("/metadata/finalizers")).isEqualTo(json("['b']"));
    }

    @Test
    void setElementOrderOrdersTheMergedList() {
        JsonNode original = deployment("[{'name': 'a'}, {'name': 'b'}, {'name': 'c'}]");
        JsonNode patch = json("{'spec': {'template': {'spec': {'$setElementOrder/containers': "
                + "[{'name': 'c'}, {'name': 'b'}, {'name': 'a'}]}}}}");

        JsonNode patched = StrategicMergePatch.apply(original, patch, DEPLOYMENT);

        assertThat(containers(patched)).isEqualTo(json("[{'name': 'c'}, {'name': 'b'}, {'name': 'a'}]"));
    }

    @Test
    void newItemsFollowThePatchOrderAndServerOnlyItemsKeepTheirPlace() {
        JsonNode original = deployment("[{'name': 'a'}, {'name': 'b'}]");
        JsonNode patch = json("{'spec': {'template': {'spec': {'containers': [{'name': 'x'}, {'name': 'b', 'image': 'b2'}]}}}}");

        JsonNode patched = StrategicMergePatch.apply(original, patch, DEPLOYMENT);

        assertThat(containers(patched)).isEqualTo(json("[{'name': 'x'}, {'name': 'a'}, {'name': 'b', 'image': 'b2'}]"));
    }

    @Test
    void containerPortsMergeByContainerPortAndServicePortsByPort() {
        JsonNode pod = json("{'spec': {'containers': [{'name': 'c', 'ports': [{'containerPort': 80, 'name': 'http'}]}]}}");
        JsonNode patchedPod = StrategicMergePatch.apply(pod,
                json("{'spec': {'containers': [{'name': 'c', 'ports': [{'containerPort': 80.0, 'protocol': 'TCP'}, {'containerPort': 443}]}]}}"), POD);
        JsonNode service = json("{'spec': {'ports': [{'port': 80, 'targetPort': 8080}]}}");
        JsonNode patchedService = StrategicMergePatch.apply(service, json("{'spec': {'ports': [{'port': 80, 'name': 'web'}]}}"),
                PatchSchema.forResource("", "services"));

        assertThat(patchedPod.at("/spec/containers/0/ports")).hasSize(2);
        assertThat(patchedPod.at("/spec/containers/0/ports/0/name").asText()).isEqualTo("http");
        assertThat(patchedService.at("/spec/ports")).isEqualTo(json("[{'port': 80, 'targetPort': 8080, 'name': 'web'}]"));
    }

    @Test
    void nodeTaintsAreReplacedAndConditionsMergeByType() {
        JsonNode node = json("{'spec': {'taints': [{'key': 'a', 'effect': 'NoSchedule'}]},"
                + " 'status': {'conditions': [{'type': 'Ready', 'status': 'True'}, {'type': 'DiskPressure', 'status': 'False'}]}}");
        JsonNode patched = StrategicMergePatch.apply(node, json("{'spec': {'taints': [{'key': 'b', 'effect': 'NoExecute'}]},"
                + " 'status': {'conditions': [{'type': 'Ready', 'status': 'False'}]}}"), PatchSchema.forResource("", "nodes"));

        assertThat(patched.at("/spec/taints")).isEqualTo(json("[{'key': 'b', 'effect': 'NoExecute'}]"));
        assertThat(patched.at("/status/conditions")).isEqualTo(
                json("[{'type': 'Ready', 'status': 'False'}, {'type': 'DiskPressure', 'status': 'False'}]"));
    }

    @Test
    void malformedPatchesAreRefused() {
        JsonNode original = deployment("[{'name': 'a'}]");
        assertThatThrownBy(() -> StrategicMergePatch.apply(original,
                json("{'spec': {'template': {'spec': {'containers': [{'image': 'no-name'}]}}}}"), DEPLOYMENT))
                .isInstanceOf(PatchException.class).hasMessageContaining("merge key: name");
        assertThatThrownBy(() -> StrategicMergePatch.apply(original,
                json("{'spec': {'template': {'spec': {'containers': [{'name': 'a', '$patch': 'merge'}]}}}}"), DEPLOYMENT))
                .isInstanceOf(PatchException.class);
        assertThatThrownBy(() -> StrategicMergePatch.apply(original, json("{'metadata': {'$patch': 'sideways'}}"), DEPLOYMENT))
                .isInstanceOf(PatchException.class);
    }

    @Test
    void theOriginalIsNotModified() {
        JsonNode original = deployment("[{'name': 'a'}]");
        JsonNode copy = original.deepCopy();

        StrategicMergePatch.apply(original, json("{'spec': {'template': {'spec': {'containers': [{'name': 'a', 'image': 'x'}]}}}}"), DEPLOYMENT);

        assertThat(original).isEqualTo(copy);
    }
}
