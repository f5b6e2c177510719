package io.kafkarpenter.sandbox.kube;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Kubernetes API stand-in as its own process.
 *
 * <pre>java -cp 'target/lib/*:target/kube-standin.jar' io.kafkarpenter.sandbox.kube.KubeStandinMain [--port 18443] [--crds deploy/crds]</pre>
 *
 * Prints {@code kube-standin ready at http://127.0.0.1:PORT} when it accepts requests; stops on SIGTERM.
 */
public final class KubeStandinMain {

    public static void main(String[] args) throws InterruptedException {
        int port = 18443;
        Path crds = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--crds" -> crds = Path.of(args[++i]);
                default -> {
                    System.err.println("kube-standin: unknown option " + args[i] + " (options: --port N, --crds DIR)");
                    System.exit(2);
                }
            }
        }
        KubeStandin standin = KubeStandin.start(port, crds);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standin.close();
            stopped.countDown();
        }, "kube-standin-shutdown"));
        System.out.println("kube-standin ready at " + standin.url());
        System.out.flush();
        stopped.await();
    }

    private KubeStandinMain() {
    }
}
