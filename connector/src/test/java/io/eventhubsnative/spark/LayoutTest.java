package io.eventhubsnative.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layout the folders promise: the read and write paths, auth, client and config are layers that never depend
 * on each other in a circle, and the options know nothing of the SDK or of Spark's execution.
 */
class LayoutTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.eventhubsnative.spark");

    @Test
    void noPackageDependsOnOneThatDependsOnItBack() {
        // "(**)" names each package by its whole path below io.eventhubsnative, the provider's package included.
        slices().matching("io.eventhubsnative.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void optionsNeedNeitherTheSdkNorTheOtherLayers() {
        noClasses()
                .that()
                .resideInAPackage("io.eventhubsnative.spark.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.azure..",
                        "io.eventhubsnative.spark.client..",
                        "io.eventhubsnative.spark.read..",
                        "io.eventhubsnative.spark.write..",
                        "io.eventhubsnative.spark.auth..")
                .check(CLASSES);
    }

    @Test
    void theReadAndWritePathsAreIndependent() {
        noClasses()
                .that()
                .resideInAPackage("io.eventhubsnative.spark.read..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.eventhubsnative.spark.write..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("io.eventhubsnative.spark.write..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.eventhubsnative.spark.read..")
                .check(CLASSES);
    }
}
