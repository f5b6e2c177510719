package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {
    private final List<Integer> items = List.of(1, 2, 3, 4, 5, 6, 7);

    @Test
    void pagesFollowTheirTokensToTheEnd() {
        Page<Integer> first = Page.of("DescribeThings", items, 3, null, 1000);
        Page<Integer> second = Page.of("DescribeThings", items, 3, first.nextToken(), 1000);
        Page<Integer> last = Page.of("DescribeThings", items, 3, second.nextToken(), 1000);

        assertThat(first.items()).containsExactly(1, 2, 3);
        assertThat(second.items()).containsExactly(4, 5, 6);
        assertThat(last.items()).containsExactly(7);
        assertThat(last.nextToken()).isNull();
    }

    @Test
    void aTokenOfAnotherActionOrGarbageIsInvalid() {
        String token = Page.of("DescribeThings", items, 3, null, 1000).nextToken();

        assertThatThrownBy(() -> Page.of("DescribeOther", items, 3, token, 1000)).isInstanceOfSatisfying(Ec2Error.class,
                e -> assertThat(e.code()).isEqualTo("InvalidPaginationToken"));
        assertThatThrownBy(() -> Page.of("DescribeThings", items, 3, "%%%", 1000)).isInstanceOf(Ec2Error.class);
    }
}
