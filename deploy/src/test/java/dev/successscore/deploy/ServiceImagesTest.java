package dev.successscore.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The images Jib builds for the services, read from the tarball each service's package phase writes
 * (target/jib-image.tar: the image's configuration on an empty base, so it is built offline): a non-root user,
 * the service's main class behind container-sized JVM flags, its ports, its classes and its dependency jars.
 */
class ServiceImagesTest {

    private static final Pattern NUMERIC_NON_ROOT = Pattern.compile("[1-9]\\d*:[1-9]\\d*");
    private static final Map<ServiceContract, ImageTarball> IMAGES = new ConcurrentHashMap<>();

    @ParameterizedTest
    @EnumSource(ServiceContract.class)
    void theImageRunsTheServiceAsANonRootUserOnItsPorts(ServiceContract contract) {
        ImageTarball image = image(contract);

        assertThat(image.user()).matches(NUMERIC_NON_ROOT);
        assertThat(image.entrypoint()).startsWith("java").endsWith("-cp", "@/app/jib-classpath-file",
                contract.mainClass());
        assertThat(image.entrypoint()).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
        assertThat(image.exposedPorts()).containsExactlyInAnyOrder(contract.grpcPort() + "/tcp",
                contract.metricsPort() + "/tcp", contract.probePort() + "/tcp");
        assertThat(image.labels()).containsEntry("org.opencontainers.image.title", contract.artifactId())
                .containsKey("org.opencontainers.image.version");
        assertThat(image.fileContent("/app/jib-main-class-file").strip()).isEqualTo(contract.mainClass());
    }

    @ParameterizedTest
    @EnumSource(ServiceContract.class)
    void theClassPathHoldsTheServicesClassesAndDependencies(ServiceContract contract) {
        ImageTarball image = image(contract);
        List<String> classPath = Arrays.asList(image.fileContent("/app/jib-classpath-file").strip().split(":"));

        assertThat(image.files()).contains("/app/classes/" + contract.mainClass().replace('.', '/') + ".class");
        assertThat(image.files()).anyMatch(file -> file.startsWith("/app/classes/" + contract.classesFolder()
                + "grpc/"));
        assertThat(classPath).startsWith("/app/resources", "/app/classes");
        assertThat(classPath.stream().filter(entry -> entry.startsWith("/app/libs/")))
                .as("every jar on the class path is in the image")
                .isNotEmpty().allMatch(jar -> image.files().contains(jar));
        assertThat(classPath).anyMatch(jar -> jar.matches("/app/libs/successscore-runtime-.+\\.jar"))
                .anyMatch(jar -> jar.matches("/app/libs/successscore-proto-.+\\.jar"))
                .anyMatch(jar -> jar.matches("/app/libs/grpc-netty-shaded-.+\\.jar"))
                .anyMatch(jar -> jar.matches("/app/libs/axon-messaging-.+\\.jar"))
                .anyMatch(jar -> jar.matches("/app/libs/postgresql-.+\\.jar"))
                .anyMatch(jar -> jar.matches("/app/libs/logback-classic-.+\\.jar"));
        // the suite's own modules are a layer of their own: "project dependencies" in a whole-suite build,
        // "snapshot dependencies" when a service is built alone against installed modules
        assertThat(image.layerComments()).containsKeys("dependencies", "classes");
        assertThat(image.layerComments().keySet()).containsAnyOf("project dependencies", "snapshot dependencies");
    }

    private static ImageTarball image(ServiceContract contract) {
        return IMAGES.computeIfAbsent(contract, ServiceImagesTest::read);
    }

    private static ImageTarball read(ServiceContract contract) {
        Path suite = Path.of(System.getProperty("suite.dir", ".."));
        Path tarball = suite.resolve(contract.service()).resolve("target").resolve("jib-image.tar");
        assertThat(Files.isRegularFile(tarball)).as(tarball + " is written by `mvn package` of "
                + contract.service() + " (jib:buildTar); build the services before this module").isTrue();
        return ImageTarball.read(tarball);
    }
}
