package io.kafkarpenter.cli;

/**
 * Entry point of the plain-Java kk tools: {@code simulate FILE}, {@code decisions}, {@code bench scheduling [--large]},
 * {@code bench disruption},
 * {@code tags check|apply}, {@code chart template|lint}, {@code topics apply|msk-policy}, {@code nodes}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: kk-cli simulate FILE | decisions [options] | bench scheduling [--large]"
                    + " | bench disruption [--sizes=100,1000,5000] | tags check|apply --cluster NAME ..."
                    + " | chart template|lint [--crds] [--set k=v]... | topics apply --bootstrap HOST:PORT ... | topics msk-policy [--service S] ..."
                    + " | nodes [--once] [--kubeconfig F] [--context C] [--nodepool P]");
            System.exit(2);
        }
        switch (args[0]) {
            case "simulate":
                if (args.length == 3 && ("--until-stable".equals(args[1]) || "--eventually".equals(args[1]))) {
                    System.exit(SimulateSteadyState.run(args[2], "--eventually".equals(args[1]), System.out,
                            System.err));
                }
                if (args.length != 2) {
                    System.err.println("usage: kk simulate [--until-stable | --eventually] FILE");
                    System.exit(2);
                }
                System.exit(Simulate.run(args[1], System.out, System.err));
                break;
            case "decisions":
                System.exit(Decisions.run(args, System.out, System.err));
                break;
            case "tags":
                System.exit(io.kafkarpenter.cli.tags.Tags.run(args, System.out, System.err));
                break;
            case "chart":
                System.exit(io.kafkarpenter.cli.chart.ChartCommand.run(args, System.out, System.err));
                break;
            case "nodes":
                System.exit(io.kafkarpenter.cli.nodes.NodesCommand.run(args, System.out, System.err));
                break;
            case "topics":
                System.exit(io.kafkarpenter.cli.topics.TopicsCommand.run(args, System.out, System.err));
                break;
            case "bench":
                String[] rest = args.length < 2 ? new String[0] : java.util.Arrays.copyOfRange(args, 2, args.length);
                if (args.length >= 2 && "scheduling".equals(args[1])) {
                    System.exit(SchedulingBenchmark.run(rest, System.out));
                } else if (args.length >= 2 && "disruption".equals(args[1])) {
                    System.exit(DisruptionBenchmark.run(rest, System.out, System.err));
                } else {
                    System.err.println("usage: kk bench scheduling [--large] [--sizes=1000,5000] [--runs=5]");
                    System.err.println("       " + DisruptionBenchmark.usage().substring("usage: ".length()));
                    System.exit(2);
                }
                break;
            default:
                System.err.println("kk-cli: unknown command " + args[0]);
                System.exit(2);
        }
    }
}
