package io.kafkarpenter.model.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The domain of common-model is plain Java: no framework, no cloud or Kubernetes client, no Kafka, no I/O.
 * Services are adapters around it; {@code bin/kk simulate} runs the same code.
 * (ArchUnit core with plain JUnit: import the production classes, check the rule.)
 */
class DomainArchitectureTest {

    /** Packages that must stay plain Java. */
    static final String[] DOMAIN_PACKAGES = {
            "io.kafkarpenter.model.resources..",
            "io.kafkarpenter.model.requirements..",
            "io.kafkarpenter.model.instancetypes..",
            "io.kafkarpenter.model.scheduling..",
            "io.kafkarpenter.model.disruption..",
            "io.kafkarpenter.model.reasons..",
            "io.kafkarpenter.model.pods..",
            "io.kafkarpenter.model.discovery..",
            "io.kafkarpenter.model.kubeevent..",
            "io.kafkarpenter.model.interruption..",
    };

    /** Domain packages that must exist (so renaming one cannot make the rule pass vacuously). */
    static final List<String> REQUIRED_PACKAGES = List.of(
            "io.kafkarpenter.model.resources",
            "io.kafkarpenter.model.requirements",
            "io.kafkarpenter.model.instancetypes",
            "io.kafkarpenter.model.scheduling",
            "io.kafkarpenter.model.disruption",
            "io.kafkarpenter.model.reasons",
            "io.kafkarpenter.model.pods",
            "io.kafkarpenter.model.discovery",
            "io.kafkarpenter.model.kubeevent",
            "io.kafkarpenter.model.interruption");

    static final DescribedPredicate<JavaClass> FORBIDDEN = resideInAnyPackage(
            "io.quarkus..", "software.amazon..", "io.fabric8..", "org.apache.kafka..", "jakarta..",
            "java.net..", "java.nio.file..")
            .or(resideInAPackage("java.io").and(simpleNameStartingWith("File")))
            .or(resideInAPackage("java.io").and(simpleNameStartingWith("RandomAccessFile")))
            .as("a framework, AWS SDK, fabric8, Kafka or Jakarta class, or file/network I/O");

    static final ArchRule DOMAIN_IS_PLAIN_JAVA = noClasses()
            .that().resideInAnyPackage(DOMAIN_PACKAGES)
            .should().dependOnClassesThat(FORBIDDEN)
            .allowEmptyShould(false)
            .because("the domain is plain Java; services are the adapters (DESIGN.md)");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.kafkarpenter.model");
    }

    @Test
    void domainPackagesDependOnNoFrameworkClientOrIo() {
        DOMAIN_IS_PLAIN_JAVA.check(production);
    }

    @Test
    void theRuleSeesTheDomainClasses() {
        JavaClasses domain = production.that(resideInAnyPackage(DOMAIN_PACKAGES));
        assertThat(domain).as("classes in %s", List.of(DOMAIN_PACKAGES)).isNotEmpty();
        for (String pkg : REQUIRED_PACKAGES) {
            assertThat(production.that(resideInAPackage(pkg + "..")))
                    .as("classes in %s (renamed? update DomainArchitectureTest)", pkg).isNotEmpty();
        }
    }

    @Test
    void theRuleCatchesAViolation() {
        // the kube adapter depends on fabric8 by design: the same condition applied to it must fail
        ArchRule sameConditionOnAdapter = noClasses().that().resideInAPackage("io.kafkarpenter.model.kube..")
                .should().dependOnClassesThat(FORBIDDEN);

        assertThatThrownBy(() -> sameConditionOnAdapter.check(production))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.fabric8");
    }
}
