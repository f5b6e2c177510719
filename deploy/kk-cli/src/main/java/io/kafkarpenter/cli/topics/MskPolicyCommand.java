package io.kafkarpenter.cli.topics;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kafkarpenter.chart.MskIamPolicies;
import io.kafkarpenter.chart.MskIamPolicy;
import io.kafkarpenter.cli.chart.SetValue;

/**
 * {@code kk-cli topics msk-policy [--service S] [--cluster-arn ARN] [--write DIR] [--set key=value]...}: each
 * service's IAM policy for Amazon MSK with IAM access control ({@link MskIamPolicies}, from the same chart
 * definition as the Kafka ACLs). Without {@code --write}: the documents on stdout (one service: its document alone;
 * all: each preceded by a {@code # <service>} line). {@code --write DIR}: {@code DIR/<service>.json} per service,
 * as checked in under {@code deploy/iam/msk}. {@code --cluster-arn}: the ARN variables replaced by that cluster's
 * partition, region, account, name and UUID. Usage errors exit 2, a chart or ARN error exits 1.
 */
final class MskPolicyCommand {

    private MskPolicyCommand() {
    }

    static String usage() {
        return "usage: bin/kk topics msk-policy [--service SERVICE] [--cluster-arn ARN] [--write DIR] [--set key=value]...\n"
            + "  each service's IAM policy for Amazon MSK with IAM access control, from the chart's Kafka rights\n"
            + "  (templates/_kafka-access.tpl, the same as its ACLs); --write DIR: DIR/<service>.json (regenerate the\n"
            + "  checked-in ones with --write deploy/iam/msk); --cluster-arn: the ${...} ARN variables replaced by\n"
            + "  that MSK cluster's (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)";
    }

    /** {@code args[0..1]} are {@code topics msk-policy}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String service = null;
        String clusterArn = null;
        Path dir = null;
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (arg) {
                case "--service" -> {
                    if (!hasValue) {
                        return usageError(err, "--service needs a service name");
                    }
                    service = args[++i];
                }
                case "--cluster-arn" -> {
                    if (!hasValue) {
                        return usageError(err, "--cluster-arn needs an MSK cluster ARN");
                    }
                    clusterArn = args[++i];
                }
                case "--write" -> {
                    if (!hasValue) {
                        return usageError(err, "--write needs a directory");
                    }
                    dir = Path.of(args[++i]);
                }
                case "--set" -> {
                    if (!hasValue || !SetValue.put(values, args[++i])) {
                        return usageError(err, "--set needs key=value");
                    }
                }
                default -> {
                    return usageError(err, "unknown argument " + arg);
                }
            }
        }
        if (dir != null && clusterArn != null) {
            return usageError(err, "--write writes the documents with their ${...} variables: leave out --cluster-arn");
        }
        try {
            if (clusterArn != null) {
                MskIamPolicy.clusterVariables(clusterArn);
            }
            Map<String, MskIamPolicy> policies = MskIamPolicies.fromChart(values);
            if (service != null) {
                MskIamPolicy one = policies.get(service);
                if (one == null) {
                    return usageError(err, "no service " + service + " (" + String.join(", ", policies.keySet()) + ")");
                }
                policies = Map.of(service, one);
            }
            if (dir != null) {
                List<Path> files = MskIamPolicies.write(policies, dir);
                files.forEach(f -> out.println("wrote " + f));
                return 0;
            }
            for (MskIamPolicy policy : policies.values()) {
                if (policies.size() > 1) {
                    out.println("# " + policy.service());
                }
                out.print(clusterArn == null ? policy.toJson() : policy.forCluster(clusterArn));
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("kk topics msk-policy: " + e.getMessage());
            return 1;
        }
    }

    private static int usageError(PrintStream err, String problem) {
        err.println("kk topics msk-policy: " + problem);
        err.println(usage());
        return 2;
    }
}
