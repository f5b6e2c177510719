package io.kafkarpenter.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class InstanceConfigSourceTest {

    @Test
    void podNameThenSixHexDigits() {
        assertThat(InstanceConfigSource.instance("kafkarpenter-provisioner-7d9f8-x2x4q", new Random(1)))
            .matches("kafkarpenter-provisioner-7d9f8-x2x4q-[0-9a-f]{6}");
    }

    @Test
    void twoProcessesOnOneHostDiffer() {
        assertThat(new InstanceConfigSource("laptop").getValue(InstanceConfigSource.PROPERTY))
            .startsWith("laptop-")
            .isNotEqualTo(new InstanceConfigSource("laptop").getValue(InstanceConfigSource.PROPERTY));
    }

    @Test
    void withoutHostnameTheHostsNameAndOnlyGroupIdFriendlyCharacters() {
        assertThat(InstanceConfigSource.instance(null, new Random(2))).matches("[A-Za-z0-9._-]+-[0-9a-f]{6}");
        assertThat(InstanceConfigSource.sanitized("my host/1")).isEqualTo("my-host-1");
    }

    @Test
    void aLowOrdinalSoConfigurationWins() {
        var source = new InstanceConfigSource("h");
        assertThat(source.getOrdinal()).isLessThan(100);
        assertThat(source.getPropertyNames()).containsExactly("kk.instance");
        assertThat(source.getValue("other")).isNull();
    }
}
