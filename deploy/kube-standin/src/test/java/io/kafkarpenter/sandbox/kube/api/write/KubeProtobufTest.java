package io.kafkarpenter.sandbox.kube.api.write;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.kafkarpenter.sandbox.kube.api.write.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeProtobufTest {

    /** A protobuf message written field by field (test fixture; field numbers as in k8s.io/api generated.proto). */
    static final class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Message string(int field, String value) throws IOException {
            out.writeString(field, value);
            return this;
        }

        Message varint(int field, long value) throws IOException {
            out.writeInt64(field, value);
            return this;
        }

        Message message(int field, Message value) throws IOException {
            out.writeBytes(field, value.toByteString());
            return this;
        }

        ByteString toByteString() throws IOException {
            out.flush();
            return ByteString.copyFrom(bytes.toByteArray());
        }
    }

    static Message m() {
        return new Message();
    }

    static byte[] envelope(String apiVersion, String kind, Message object) throws IOException {
        ByteString unknown = m().message(1, m().string(1, apiVersion).string(2, kind)).message(2, object).toByteString();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("k8s".getBytes(StandardCharsets.US_ASCII));
        body.write(0);
        body.write(unknown.toByteArray());
        return body.toByteArray();
    }

    @Test
    void aDeploymentAsKubectlCreateDeploymentSendsItReadsAsItsJson() throws IOException {
        Message labels = m().string(1, "app").string(2, "inflate");
        Message metadata = m().string(1, "inflate").string(2, "").message(8, m()).message(11, labels);
        Message container = m().string(1, "pause").string(2, "pause:3.7")
                .message(8, m().message(2, m().string(1, "cpu").message(2, m().string(1, "1"))));
        Message spec = m().varint(1, 0).message(2, m().message(1, labels))
                .message(3, m().message(1, m().message(11, labels).message(8, m())).message(2, m().message(2, container)))
                .message(4, m()).varint(5, 0).varint(7, 0);

        var decoded = KubeProtobuf.decode(envelope("apps/v1", "Deployment",
                m().message(1, metadata).message(2, spec).message(3, m().varint(2, 0))));

        assertThat(decoded).isEqualTo(json("{'apiVersion': 'apps/v1', 'kind': 'Deployment',"
                + " 'metadata': {'name': 'inflate', 'labels': {'app': 'inflate'}},"
                + " 'spec': {'replicas': 0, 'selector': {'matchLabels': {'app': 'inflate'}},"
                + " 'template': {'metadata': {'labels': {'app': 'inflate'}}, 'spec': {'containers':"
                + " [{'name': 'pause', 'image': 'pause:3.7', 'resources': {'requests': {'cpu': '1'}}}]}}}}"));
    }

    @Test
    void unknownKindsAndFieldsAreRefusedNotDecodedPartly() throws IOException {
        assertThatThrownBy(() -> KubeProtobuf.decode(envelope("v1", "ConfigMap", m().message(1, m().string(1, "x")))))
                .isInstanceOf(KubeProtobuf.Unsupported.class).hasMessageContaining("ConfigMap");
        assertThatThrownBy(() -> KubeProtobuf.decode(envelope("v1", "Pod", m().message(2, m().message(18, m())))))
                .isInstanceOf(KubeProtobuf.Unsupported.class).hasMessageContaining("field 18 of PodSpec");
        assertThatThrownBy(() -> KubeProtobuf.decode("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KubeProtobuf.Unsupported.class);
    }
}
