package io.kafkarpenter.testing.kube;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import io.kafkarpenter.sandbox.kube.rbac.RbacUsageSuites;
import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

/**
 * The Kubernetes stand-in of the sandbox ({@code deploy/kube-standin}: fabric8's mock in CRUD mode plus what it
 * lacks: eviction with PodDisruptionBudgets, bindings, field selectors, graceful deletion with finalizers) in the
 * test JVM, with the CRDs of {@code deploy/crds} installed and <b>RBAC enforced</b>: the chart's rendered Roles,
 * ClusterRoles and bindings ({@link ChartRbac}). Use it through {@link WithKubeStandin}.
 *
 * <p>Two identities, as on a real cluster: the service under test gets the client config of its own
 * ({@code quarkus.kubernetes-client.*}) with its ServiceAccount's token ({@code kube-system/kafkarpenter-<service>}),
 * so a request its ClusterRole/Role does not allow is answered 403 as on EKS; the test gets an admin
 * {@link KubernetesClient} (and the {@link KubeStandin} itself) in its fields annotated {@link KubeAdmin}. Fixtures
 * and assertions go through the admin client, never through the service's.
 *
 * <p>The grants the service used are written on stop to the service's suite directory of the build's RBAC usage
 * ({@link RbacUsageSuites}), which {@code RbacCoverageIT} checks at the end of the build.
 * {@code -Dkk.test.rbac=off} runs without enforcement (to tell a 403 from another failure while debugging).
 */
public class KubeStandinResource implements QuarkusTestResourceConfigurableLifecycleManager<WithKubeStandin> {

    /** The init arg naming the service, for {@code @WithTestResource(initArgs = ...)} instead of {@link WithKubeStandin}. */
    public static final String SERVICE_ARG = "service";
    public static final Set<String> SERVICES = Set.of("pod-watcher", "provisioner", "launcher", "consolidator",
        "tag-reconciler");
    /** The namespace the services run in (the chart's release namespace); their client's default namespace. */
    public static final String SERVICE_NAMESPACE = "kube-system";
    /** {@code off} turns RBAC enforcement off. */
    public static final String RBAC_PROPERTY = "kk.test.rbac";

    private String service;
    private KubeStandin standin;
    private KubernetesClient admin;

    @Override
    public void init(WithKubeStandin annotation) {
        service = checked(annotation.service());
    }

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey(SERVICE_ARG)) {
            service = checked(initArgs.get(SERVICE_ARG));
        }
    }

    private static String checked(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("service must be one of " + SERVICES + ", not " + service);
        }
        return service;
    }

    @Override
    public Map<String, String> start() {
        if (service == null) {
            throw new IllegalStateException("KubeStandinResource needs the service under test: @WithKubeStandin(service = ...)");
        }
        // the service's client must not pick up a kubeconfig or an in-cluster token of this machine
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        boolean enforce = !"off".equals(System.getProperty(RBAC_PROPERTY));
        standin = enforce
            ? KubeStandin.start(0, ProjectFiles.crds(), ChartRbac.policy(), RbacUsageSuites.dir(service).orElse(null))
            : KubeStandin.start(0, ProjectFiles.crds());
        admin = standin.client();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.kubernetes-client.token", ChartRbac.token(service));
        config.put("quarkus.kubernetes-client.api-server-url", standin.url());
        config.put("quarkus.kubernetes-client.namespace", SERVICE_NAMESPACE);
        config.put("quarkus.kubernetes-client.trust-certs", "true");
        config.put("quarkus.kubernetes-client.devservices.enabled", "false");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(admin, new TestInjector.AnnotatedAndMatchesType(KubeAdmin.class, KubernetesClient.class));
        injector.injectIntoFields(standin, new TestInjector.AnnotatedAndMatchesType(KubeAdmin.class, KubeStandin.class));
    }

    @Override
    public void stop() {
        if (admin != null) {
            admin.close();
        }
        if (standin != null) {
            standin.close();
        }
    }
}
