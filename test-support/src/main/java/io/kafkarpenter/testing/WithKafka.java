package io.kafkarpenter.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Runs the annotated {@code @QuarkusTest} class against the test JVM's shared Kafka broker ({@link KafkaTestResource},
 * {@link SharedKafkaBroker}) as the service's own Kafka principal {@code User:kafkarpenter-<service>}, with the
 * chart's topics and ACLs: a topic or group the chart does not grant the service fails the test. The test's own
 * clients ({@link KafkaTestClient#forSharedBroker()}) are the broker's super user.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithKafka(service = "launcher")
 * @WithKubeStandin(service = "launcher")
 * class LauncherIT { ... }
 * }</pre>
 *
 * Scoped to the annotated class (each such class names its service); the broker itself is started once per JVM and
 * shared by every class and app restart. Every {@code @QuarkusTest} class of a service module that needs Kafka
 * carries it: unlike the former {@code @QuarkusTestResource(restrictToAnnotatedClass = false)} it does not apply to
 * the other classes of the module.
 */
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithKafka {

    /** The service under test: {@code pod-watcher}, {@code provisioner}, {@code launcher}, {@code consolidator} or {@code tag-reconciler}. */
    String service();
}
