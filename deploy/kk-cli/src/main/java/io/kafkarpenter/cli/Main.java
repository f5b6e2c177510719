package io.kafkarpenter.cli;

/** Entry point of the plain-Java kk tools: {@code simulate FILE}, {@code bench scheduling [--large]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: kk-cli simulate FILE | decisions [options] | bench scheduling [--large]");
            System.exit(2);
        }
        switch (args[0]) {
            case "simulate":
                if (args.length != 2) {
                    System.err.println("usage: kk simulate FILE");
                    System.exit(2);
                }
                System.exit(Simulate.run(args[1], System.out, System.err));
                break;
            case "decisions":
                System.exit(Decisions.run(args, System.out, System.err));
                break;
            case "bench":
                if (args.length < 2 || !"scheduling".equals(args[1])) {
                    System.err.println("usage: kk bench scheduling [--large] [--sizes=1000,5000] [--runs=5]");
                    System.exit(2);
                }
                System.exit(SchedulingBenchmark.run(java.util.Arrays.copyOfRange(args, 2, args.length), System.out));
                break;
            default:
                System.err.println("kk-cli: unknown command " + args[0]);
                System.exit(2);
        }
    }
}
