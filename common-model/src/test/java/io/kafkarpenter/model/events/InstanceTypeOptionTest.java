package io.kafkarpenter.model.events;

import io.kafkarpenter.model.events.fixtures.EventFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceTypeOptionTest {

    @Test
    void cheapestAvailableOfferingOrdersOptions() {
        var soldOut = new InstanceTypeOption("a1.cheap", List.of(new OfferingOption("us-west-2a", "spot", 0.01, false, null)));
        var m = new InstanceTypeOption("m6a.large", List.of(OfferingOption.of("us-west-2a", "on-demand", 0.0864)));
        var c = new InstanceTypeOption("c6a.large", List.of(OfferingOption.of("us-west-2a", "on-demand", 0.0765),
                OfferingOption.of("us-west-2b", "spot", 0.03)));

        assertThat(Stream.of(soldOut, m, c).sorted(InstanceTypeOption.CHEAPEST_FIRST).map(InstanceTypeOption::name))
                .containsExactly("c6a.large", "m6a.large", "a1.cheap");
        assertThat(soldOut.cheapestAvailablePrice()).isEmpty();
    }

    @Test
    void fixtureLaunchListsOptionsCheapestFirst() {
        assertThat(EventFixtures.nodeClaimLaunch().instanceTypes()).isSortedAccordingTo(InstanceTypeOption.CHEAPEST_FIRST);
    }

    @Test
    void nodeClaimNamesAreDeterministicPerDecisionAndIndex() {
        String first = NodeClaimLaunch.deriveName("default", "d-1", 0);

        assertThat(first).matches("default-[0-9a-v]{10}");
        assertThat(NodeClaimLaunch.deriveName("default", "d-1", 0)).isEqualTo(first);
        assertThat(NodeClaimLaunch.deriveName("default", "d-1", 1)).isNotEqualTo(first);
        assertThat(NodeClaimLaunch.deriveName("default", "d-2", 0)).isNotEqualTo(first);
    }

    @Test
    void unavailableOfferingExpiresAfterKarpentersTtl() {
        UnavailableOffering marked = EventFixtures.unavailableOffering();

        assertThat(marked.expiresAt()).isEqualTo(marked.markedAt().plusSeconds(180));
        assertThat(marked.key()).isEqualTo("c6a.large/us-west-2a/spot");
        assertThat(marked.isActiveAt(marked.markedAt().plusSeconds(179))).isTrue();
        assertThat(marked.isActiveAt(marked.expiresAt())).isFalse();
    }

    @Test
    void deadLetterKeepsTextOrBase64() {
        DeadLetter text = EventFixtures.deadLetter();
        DeadLetter binary = DeadLetter.of(Topics.PODS_PENDING, 0, 1L, null, new byte[] {(byte) 0xff, 0x00},
                new IllegalStateException("boom"), "provisioner", EventFixtures.AT);

        assertThat(text.valueEncoding()).isEqualTo(DeadLetter.ValueEncoding.TEXT);
        assertThat(text.value()).isEqualTo("{not json");
        assertThat(binary.valueEncoding()).isEqualTo(DeadLetter.ValueEncoding.BASE64);
        assertThat(binary.valueBytes()).containsExactly((byte) 0xff, 0x00);
        assertThat(Topics.dlq("provisioner")).isEqualTo("kk.dlq.provisioner");
    }
}
