package io.kafkarpenter.sandbox.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerIT {

    @Test
    void aBrokerOnRandomPortsServesProducersAndConsumersAndCleansUpItsTempDir() throws Exception {
        Path dataDir;
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder().build().start()) {
            assertThat(broker.bootstrapServers()).startsWith("localhost:");
            dataDir = broker.dataDir();
            var record = RoundTrip.produceAndConsume(broker.bootstrapServers(), "in-jvm", "k1", "hello");
            assertThat(record.value()).isEqualTo("hello");
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void aGivenDataDirKeepsItsRecordsAcrossRestarts(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder().dataDir(dir).build().start()) {
            RoundTrip.produceAndConsume(broker.bootstrapServers(), "kept", "k1", "before restart");
        }
        assertThat(Files.exists(dir.resolve("kafka").resolve("meta.properties"))).isTrue();
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder().dataDir(dir).build().start()) {
            var record = RoundTrip.produceAndConsume(broker.bootstrapServers(), "kept", "k1", "after restart");
            // a fresh group reads from the beginning: the first record survived the restart
            assertThat(record.value()).isEqualTo("before restart");
        }
    }

    @Test
    void bootstrapServersBeforeStartIsAClearError() {
        LocalKafkaBroker broker = LocalKafkaBroker.builder().build();
        assertThatThrownBy(broker::bootstrapServers).hasMessageContaining("not started");
    }
}
