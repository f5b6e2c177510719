package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterTest {
    private static final Filter.Attributes SUBNET = new Filter.Attributes() {
        @Override
        public Map<String, String> tags() {
            return Map.of("karpenter.sh/discovery", "demo", "Name", "demo-private-us-east-1a");
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return filterName.equals("availability-zone") ? List.of("us-east-1a") : null;
        }
    };

    @Test
    void wildcardsMatchRunsAndSingleCharactersAndCanBeEscaped() {
        assertThat(Filter.glob("demo-*-us-east-1?").matcher("demo-private-us-east-1a").matches()).isTrue();
        assertThat(Filter.glob("demo-*").matcher("other").matches()).isFalse();
        assertThat(Filter.glob("a\\*b").matcher("a*b").matches()).isTrue();
        assertThat(Filter.glob("a\\*b").matcher("axxb").matches()).isFalse();
        assertThat(Filter.glob("1.34").matcher("1x34").matches()).isFalse();
    }

    @Test
    void valuesAreOredAndFiltersAnded() {
        Filter zone = new Filter("availability-zone", List.of("us-east-1b", "us-east-1a"));
        Filter tag = new Filter("tag:karpenter.sh/discovery", List.of("demo"));
        Filter otherTag = new Filter("tag:karpenter.sh/discovery", List.of("prod"));
        Filter key = new Filter("tag-key", List.of("Name"));

        assertThat(Filter.matchesAll(List.of(zone, tag, key), SUBNET)).isTrue();
        assertThat(Filter.matchesAll(List.of(zone, otherTag), SUBNET)).isFalse();
        assertThat(Filter.matchesAll(List.of(new Filter("tag:missing", List.of("*"))), SUBNET)).isFalse();
    }

    @Test
    void unknownFilterNamesAreRejectedUpFront() {
        assertThatThrownBy(() -> Filter.validate(List.of(new Filter("zone", List.of("x"))), Set.of("availability-zone")))
                .isInstanceOfSatisfying(Ec2Error.class, e -> assertThat(e.getMessage()).isEqualTo("The filter 'zone' is invalid"));
    }
}
