package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.iam.IamConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as its own process until it is killed.
 * <pre>
 * Ec2SimulatorMain [--port N] [--host ADDR] [--state FILE] [--faults FILE] [--catalog FILE] [--quiet] [--request-limits]
 *                  [--iam-policy KEY=FILE]... [--iam-admin-key KEY]... [--iam-usage-dir DIR] [--iam-enforce]
 * </pre>
 * The {@code --iam-*} options add to the state file's {@code iam} section and turn policy evaluation on
 * ({@link io.kafkarpenter.sandbox.iam.IamConfig}): a caller's access key id is mapped to its policy file or is an admin key.
 * {@code --state} is an {@link Ec2SimulatorConfig} YAML/JSON file (cluster name, zones, timings, prices);
 * {@code --request-limits} turns EC2's request limits on ({@link RequestLimitsSpec}: the state file's
 * {@code requestLimits} sizes, else EC2's); {@code --faults} a {@link FaultsSpec} file applied at start (change it later with {@code PUT /_sim/faults}).
 * Prints {@code EC2 simulator listening on http://HOST:PORT} once ready, then one line per EC2, EKS or IAM call
 * ({@code time action status [errorCode]}) unless {@code --quiet}.
 */
public final class Ec2SimulatorMain {
    private Ec2SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Integer port = null;
        String host = null;
        String catalog = null;
        Path stateFile = null;
        Path faultsFile = null;
        boolean logRequests = true;
        boolean requestLimits = false;
        IamConfig.Builder iamFlags = IamConfig.builder();
        boolean iamFlagGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--host" -> host = value(args, ++i, arg);
                case "--state" -> stateFile = Path.of(value(args, ++i, arg));
                case "--faults" -> faultsFile = Path.of(value(args, ++i, arg));
                case "--catalog" -> catalog = value(args, ++i, arg);
                case "--quiet" -> logRequests = false;
                case "--request-limits" -> requestLimits = true;
                case "--iam-policy" -> {
                    String mapping = value(args, ++i, arg);
                    int eq = mapping.indexOf('=');
                    if (eq <= 0 || eq == mapping.length() - 1) {
                        System.err.println("ec2-simulator: --iam-policy needs KEY=FILE, was '" + mapping + "'");
                        System.exit(2);
                    }
                    iamFlags.policy(mapping.substring(0, eq), Path.of(mapping.substring(eq + 1)));
                    iamFlagGiven = true;
                }
                case "--iam-admin-key" -> {
                    iamFlags.adminKey(value(args, ++i, arg));
                    iamFlagGiven = true;
                }
                case "--iam-usage-dir" -> {
                    iamFlags.usageDir(Path.of(value(args, ++i, arg)));
                    iamFlagGiven = true;
                }
                case "--iam-enforce" -> iamFlagGiven = true;
                case "-h", "--help" -> {
                    System.out.println("usage: Ec2SimulatorMain [--port N] [--host ADDR] [--state FILE] [--faults FILE] [--catalog FILE] [--quiet] [--request-limits]"
                            + " [--iam-policy KEY=FILE]... [--iam-admin-key KEY]... [--iam-usage-dir DIR] [--iam-enforce]");
                    return;
                }
                default -> {
                    System.err.println("ec2-simulator: unknown argument '" + arg + "' (try --help)");
                    System.exit(2);
                }
            }
        }
        Ec2SimulatorConfig.Builder config = (stateFile == null ? Ec2SimulatorConfig.defaults() : Ec2SimulatorConfig.fromFile(stateFile))
                .toBuilder();
        if (port != null) {
            config.port(port);
        }
        if (host != null) {
            config.host(host);
        }
        if (catalog != null) {
            config.catalogFile(catalog);
        }
        if (iamFlagGiven) {
            config.iam(merge(config.build().iam(), iamFlags.build()));
        }
        if (requestLimits) {
            RequestLimitsSpec fromFile = config.build().requestLimits();
            config.requestLimits(new RequestLimitsSpec(true, fromFile.buckets(), fromFile.chargesFleetInstances()));
        }
        Ec2Simulator simulator = Ec2Simulator.start(config.build());
        if (logRequests) {
            simulator.onRequest(r -> System.out.println(r.at() + " " + r.action() + " " + r.httpStatus()
                    + (r.errorCode() == null ? "" : " " + r.errorCode())));
        }
        if (faultsFile != null) {
            simulator.faults().apply(FaultsSpec.fromFile(faultsFile));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "ec2-simulator-shutdown"));
        System.out.println("EC2 simulator listening on " + simulator.endpoint() + " (region " + simulator.config().region()
                + ", zones " + simulator.config().zones() + ", private subnets " + simulator.privateSubnetIdsByZone()
                + ", public subnets " + simulator.publicSubnetIdsByZone() + ", cluster " + simulator.clusterArn() + ")");
        if (simulator.config().requestLimits().isEnabled()) {
            System.out.println("EC2 request limits on (token bucket per action, EC2's sizes; overrides "
                    + simulator.config().requestLimits().buckets() + ", chargeFleetInstances "
                    + simulator.config().requestLimits().chargesFleetInstances() + ")");
        }
        IamConfig iam = simulator.config().iam();
        if (iam.enforce()) {
            System.out.println("IAM policies enforced: " + iam.policies().keySet() + " (admin keys " + iam.adminKeys() + ")"
                    + (simulator.iamUsageFile() == null ? "" : ", usage in " + simulator.iamUsageFile()));
        }
        System.out.flush();
        stopped.await();
    }

    /** The state file's iam section plus the flags' policies, admin keys and usage dir; enforced. */
    static IamConfig merge(IamConfig fromFile, IamConfig flags) {
        IamConfig.Builder merged = fromFile.toBuilder().enforce(true);
        flags.policies().forEach((key, file) -> merged.policy(key, Path.of(file)));
        flags.adminKeys().forEach(merged::adminKey);
        if (flags.usageDir() != null) {
            merged.usageDir(Path.of(flags.usageDir()));
        }
        return merged.build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("ec2-simulator: " + option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
