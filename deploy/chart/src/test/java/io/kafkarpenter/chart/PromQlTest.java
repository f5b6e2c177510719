package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PromQlTest {

    private static List<String> names(String expr) {
        return PromQl.selectors(expr).stream().map(PromQl.Selector::metric).toList();
    }

    @Test
    void findsMetricNamesAndSkipsFunctionsKeywordsLabelsStringsAndDurations() {
        String expr = """
            histogram_quantile(0.99, sum by (le, close_reason) (
              rate(kk_window_seconds_bucket{close_reason=~"idle|max_pods", job!='x'}[$__rate_interval] offset 5m)))
            / on (close_reason) group_left (nodepool) max without (instance) (kk_other{a="rate(fake_total[5m])"})
            > bool 0.5 and ignoring (pod) kk_third # kk_commented_out
            """;
        assertThat(names(expr)).containsExactly("kk_window_seconds_bucket", "kk_other", "kk_third");
        List<PromQl.Selector> selectors = PromQl.selectors(expr);
        assertThat(selectors.get(0).functions()).containsExactly("rate", "sum", "histogram_quantile");
        assertThat(selectors.get(0).matcherLabels()).containsExactly("close_reason", "job");
        assertThat(selectors.get(1).functions()).containsExactly("max");
        assertThat(selectors.get(1).matcherLabels()).containsExactly("a");
        assertThat(selectors.get(2).functions()).isEmpty();
    }

    @Test
    void aggregationsInEitherFormAreTheSelectorsFunction() {
        assertThat(PromQl.selectors("sum by (a) (x)").get(0).innermost()).isEqualTo("sum");
        assertThat(PromQl.selectors("sum(x) by (a)").get(0).innermost()).isEqualTo("sum");
        assertThat(PromQl.selectors("count without (b) ((x))").get(0).innermost()).isEqualTo("count");
        assertThat(PromQl.selectors("topk(10, max by (t, p) (x))").get(0).functions()).containsExactly("max", "topk");
        assertThat(PromQl.selectors("-sum(increase(x_total[1h:5m]))").get(0).innermost()).isEqualTo("increase");
        assertThat(PromQl.selectors("label_replace(x, \"d\", \"$1\", \"s\", \"(.*)\")").get(0).innermost())
            .isEqualTo("label_replace");
    }

    @Test
    void byLabelsInEitherFormWithTheSelectorsTheyAggregate() {
        PromQl.Parsed p = PromQl.parse(
            "sum by (job, topic) (max by (job, topic, partition) (a)) / sum(b + c) by (le) + count without (x) (d)");
        assertThat(p.selectors()).extracting(PromQl.Selector::metric).containsExactly("a", "b", "c", "d");
        assertThat(p.groupings()).containsExactly(
            new PromQl.Grouping("max", java.util.Set.of("job", "topic", "partition"), 0, 1),
            new PromQl.Grouping("sum", java.util.Set.of("job", "topic"), 0, 1),
            new PromQl.Grouping("sum", java.util.Set.of("le"), 1, 3));
        assertThat(PromQl.parse("rate(x[5m]) / on (a) group_left (b) y").groupings()).isEmpty();
    }

    @Test
    void grafanaVariablesAreNotMetrics() {
        assertThat(names("sum(increase(x_total[$__range])) * ${factor} + $other")).containsExactly("x_total");
    }

    @Test
    void refusesWhatItCannotAttribute() {
        assertThatThrownBy(() -> PromQl.selectors("{__name__=~\"kk_.*\"}"))
            .hasMessageContaining("without a metric name");
        assertThatThrownBy(() -> PromQl.selectors("x{__name__=\"y\"}")).hasMessageContaining("__name__");
        assertThatThrownBy(() -> PromQl.selectors("sum(x")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> PromQl.selectors("x{a=\"b}")).hasMessageContaining("unclosed");
    }
}
