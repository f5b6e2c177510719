package io.kafkarpenter.sandbox.kube.api.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtoJsonTest {

    /** What kubectl create deployment inflate --image=pause --replicas=0 sends, with a few more fields. */
    @Test
    void aDeploymentBecomesKubernetesJson() {
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("inflate").putLabels("app", "inflate")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_796_126_400L)))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "inflate"))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("").setRollingUpdate(
                                V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(1))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "inflate")
                                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0).setNanos(0)))
                                .setSpec(V1.PodSpec.newBuilder()
                                        .addContainers(V1.Container.newBuilder().setName("pause").setImage("pause:3.7")
                                                .setResources(V1.ResourceRequirements.newBuilder().putRequests("cpu",
                                                        Resource.Quantity.newBuilder().setString("1").build())))
                                        .addVolumes(V1.Volume.newBuilder().setName("v").setVolumeSource(
                                                V1.VolumeSource.newBuilder().setEmptyDir(V1.EmptyDirVolumeSource
                                                        .newBuilder())))))).build();
        JsonNode json = ProtoJson.toJson(envelope("apps/v1", "Deployment", deployment));
        assertThat(json.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(json.path("kind").asText()).isEqualTo("Deployment");
        assertThat(json.path("metadata").path("labels").path("app").asText()).isEqualTo("inflate");
        assertThat(json.path("metadata").path("creationTimestamp").asText()).isEqualTo("2026-12-01T12:00:00Z");
        assertThat(json.path("spec").path("replicas").isInt()).isTrue();
        assertThat(json.path("spec").path("replicas").asInt()).isZero();
        JsonNode rollingUpdate = json.path("spec").path("strategy").path("rollingUpdate");
        assertThat(rollingUpdate.path("maxSurge").isTextual()).isTrue();
        assertThat(rollingUpdate.path("maxSurge").asText()).isEqualTo("25%");
        assertThat(rollingUpdate.path("maxUnavailable").isInt()).isTrue();
        assertThat(rollingUpdate.path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(json.path("spec").path("strategy").has("type")).as("Go's omitempty").isFalse();
        assertThat(json.path("spec").path("template").path("metadata").has("creationTimestamp"))
                .as("a zero time is null in JSON").isFalse();
        JsonNode container = json.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("resources").path("requests").path("cpu").asText()).isEqualTo("1");
        assertThat(json.path("spec").path("template").path("spec").path("volumes").get(0).toString())
                .isEqualTo("{\"name\":\"v\",\"emptyDir\":{}}");
    }

    /**
     * The bytes kubectl create deployment inflate --image=pause:3.7 --replicas 0 (+ a cpu request) writes, field by
     * field (from api.write's former KubeProtobufTest): empty strings and zero times it always writes are left out.
     */
    @Test
    void kubectlCreateDeploymentWireBytes() throws IOException {
        Wire labels = w().string(1, "app").string(2, "inflate");
        Wire metadata = w().string(1, "inflate").string(2, "").message(8, w()).message(11, labels);
        Wire container = w().string(1, "pause").string(2, "pause:3.7")
                .message(8, w().message(2, w().string(1, "cpu").message(2, w().string(1, "1"))));
        Wire spec = w().varint(1, 0).message(2, w().message(1, labels))
                .message(3, w().message(1, w().message(11, labels).message(8, w())).message(2, w().message(2, container)))
                .message(4, w()).varint(5, 0).varint(7, 0);
        byte[] unknown = w().message(1, w().string(1, "apps/v1").string(2, "Deployment"))
                .message(2, w().message(1, metadata).message(2, spec).message(3, w().varint(2, 0))).bytes();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ProtoJson.MAGIC);
        body.writeBytes(unknown);

        JsonNode json = ProtoJson.toJson(body.toByteArray());
        assertThat(json.path("metadata").toString()).isEqualTo("{\"name\":\"inflate\",\"labels\":{\"app\":\"inflate\"}}");
        assertThat(json.path("spec").path("replicas").asInt(-1)).isZero();
        assertThat(json.path("spec").path("selector").toString()).isEqualTo("{\"matchLabels\":{\"app\":\"inflate\"}}");
        assertThat(json.path("spec").path("template").toString()).isEqualTo("{\"metadata\":{\"labels\":{\"app\":"
                + "\"inflate\"}},\"spec\":{\"containers\":[{\"name\":\"pause\",\"image\":\"pause:3.7\","
                + "\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}}");
    }

    /** A protobuf message written field by field (field numbers as in k8s.io/api generated.proto). */
    static final class Wire {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Wire string(int field, String value) throws IOException {
            out.writeString(field, value);
            return this;
        }

        Wire varint(int field, long value) throws IOException {
            out.writeInt64(field, value);
            return this;
        }

        Wire message(int field, Wire value) throws IOException {
            out.writeBytes(field, ByteString.copyFrom(value.bytes()));
            return this;
        }

        byte[] bytes() throws IOException {
            out.flush();
            return bytes.toByteArray();
        }
    }

    static Wire w() {
        return new Wire();
    }

    @Test
    void bytesAreBase64AndDeleteOptionsAreMetaV1s() {
        V1.Secret secret = V1.Secret.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("s"))
                .putData("k", ByteString.copyFromUtf8("v")).build();
        assertThat(ProtoJson.toJson(envelope("v1", "Secret", secret)).path("data").path("k").asText())
                .isEqualTo("dg==");
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder().setPropagationPolicy("Background").build();
        assertThat(ProtoJson.toJson(envelope("v1", "DeleteOptions", options)).path("propagationPolicy").asText())
                .isEqualTo("Background");
    }

    @Test
    void notProtobufOrAnUnknownKindIsRefused() {
        assertThat(ProtoJson.isProtobuf("{}".getBytes())).isFalse();
        assertThatThrownBy(() -> ProtoJson.toJson("{}".getBytes())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProtoJson.toJson(envelope("karpenter.sh/v1", "NodePool", Meta.Status.newBuilder()
                .build()))).hasMessageContaining("no protobuf message known for karpenter.sh/v1 NodePool");
    }

    static byte[] envelope(String apiVersion, String kind, Message message) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(message.toByteString()).setContentEncoding("").setContentType("").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProtoJson.MAGIC);
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }
}
