package io.kafkarpenter.viewer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientFileTest {

    @Test
    void aCommandConfigFileBecomesTheChannelsSettingsEscapesAndAll(@TempDir Path dir) throws IOException {
        Properties written = new Properties();
        written.setProperty("security.protocol", "SASL_PLAINTEXT");
        written.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"kafkarpenter-viewer\" password=\"a=b:c\";");
        Path file = dir.resolve("viewer.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            written.store(w, "as bin/kk demo writes its admin file");
        }

        assertThat(KafkaClientFile.read(Optional.of(file)))
            .containsEntry("security.protocol", "SASL_PLAINTEXT")
            .containsEntry("sasl.jaas.config", written.getProperty("sasl.jaas.config"))
            .hasSize(2);
    }

    @Test
    void noFileNoSettingsAndAMissingOneIsAnError(@TempDir Path dir) {
        assertThat(KafkaClientFile.read(Optional.empty())).isEmpty();
        assertThatThrownBy(() -> KafkaClientFile.read(Optional.of(dir.resolve("missing.properties"))))
            .hasMessageContaining("kk.viewer.kafka-properties: cannot read");
    }
}
