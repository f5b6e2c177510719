package io.kafkarpenter.cli.chart;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kafkarpenter.chart.HelmChart;

/**
 * {@code kk-cli chart template|lint [--crds] [--set key=value]...}: the chart deploy/helm/kafkarpenter (or, with
 * {@code --crds}, kafkarpenter-crd) rendered or linted by deploy/chart's {@link HelmChart} (helm-java: no helm binary),
 * as release {@value HelmChart#RELEASE} in namespace {@value HelmChart#NAMESPACE}. Usage errors exit 2, a chart that
 * does not render or lint exits 1.
 */
public final class ChartCommand {

    private ChartCommand() {
    }

    static String usage() {
        return "usage: bin/kk chart template [--crds] [--set key=value]...   print the rendered manifests\n"
            + "       bin/kk chart lint [--crds] [--set key=value]...       helm lint with those values\n"
            + "  one --set per value (a comma is part of the value, not a separator); \\. for a dot inside a key;\n"
            + "  settings.clusterName is required, e.g. --set settings.clusterName=my-cluster";
    }

    /** {@code args[0]} is {@code chart}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !(args[1].equals("template") || args[1].equals("lint"))) {
            err.println(usage());
            return 2;
        }
        String chart = HelmChart.CHART;
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            String pair;
            if (arg.equals("--crds")) {
                chart = HelmChart.CRD_CHART;
                continue;
            } else if (arg.equals("--set") && i + 1 < args.length) {
                pair = args[++i];
            } else if (arg.startsWith("--set=")) {
                pair = arg.substring("--set=".length());
            } else {
                err.println("kk chart " + args[1] + ": " + (arg.equals("--set") ? "--set needs key=value"
                    : "unknown argument " + arg));
                err.println(usage());
                return 2;
            }
            if (!SetValue.put(values, pair)) {
                err.println("kk chart " + args[1] + ": --set " + pair + " is not key=value");
                err.println(usage());
                return 2;
            }
        }
        try {
            if (args[1].equals("template")) {
                out.print(HelmChart.template(chart, values).yaml());
            } else {
                String messages = HelmChart.lint(chart, values);
                if (!messages.isEmpty()) {
                    out.println(messages);
                }
                out.println("1 chart(s) linted, 0 chart(s) failed");
            }
            return 0;
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("kk chart " + args[1] + ": " + e.getMessage());
            return 1;
        }
    }
}
