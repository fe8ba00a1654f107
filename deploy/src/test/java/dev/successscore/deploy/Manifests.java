package dev.successscore.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A rendered chart as typed fabric8 objects (custom resources such as ServiceMonitor or the CloudNativePG
 * Cluster as {@link GenericKubernetesResource}). Mutable, so that a test can break one object.
 */
public final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final String releaseName;
    private final List<HasMetadata> objects;

    private Manifests(String releaseName, List<HasMetadata> objects) {
        this.releaseName = releaseName;
        this.objects = objects;
    }

    /** Parses a multi-document YAML stream; empty documents (comments only) are skipped. */
    public static Manifests parse(String releaseName, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalArgumentException("not a Kubernetes object:\n" + document);
            }
            objects.add(object);
        }
        return new Manifests(releaseName, objects);
    }

    public String releaseName() {
        return releaseName;
    }

    public List<HasMetadata> all() {
        return objects;
    }

    public <T extends HasMetadata> List<T> of(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Custom resources of one kind. */
    public List<GenericKubernetesResource> custom(String kind) {
        return of(GenericKubernetesResource.class).stream().filter(resource -> kind.equals(resource.getKind()))
                .toList();
    }

    public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return of(type).stream().filter(object -> name.equals(object.getMetadata().getName())).findFirst();
    }

    public <T extends HasMetadata> T require(Class<T> type, String name) {
        return named(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    public void remove(HasMetadata object) {
        objects.remove(object);
    }

    public List<Deployment> deployments() {
        return of(Deployment.class);
    }

    public List<Job> jobs() {
        return of(Job.class);
    }

    public List<Service> services() {
        return of(Service.class);
    }

    public Optional<ConfigMap> configMap(String name) {
        return named(ConfigMap.class, name);
    }

    public Optional<Secret> secret(String name) {
        return named(Secret.class, name);
    }

    /** The Deployment of one service, e.g. {@code <release>-score-service}. */
    public Deployment deployment(ServiceContract contract) {
        return require(Deployment.class, releaseName + "-" + contract.service());
    }

    public Job migrationJob(ServiceContract contract) {
        return require(Job.class, releaseName + "-" + contract.service() + "-migrate");
    }

    /** Deployments and Jobs: every object that runs pods. */
    public List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        deployments().forEach(deployment -> workloads.add(
                new Workload(deployment, deployment.getSpec().getTemplate())));
        jobs().forEach(job -> workloads.add(new Workload(job, job.getSpec().getTemplate())));
        return workloads;
    }

    /** A Deployment or Job with its pod template. */
    public record Workload(HasMetadata object, PodTemplateSpec template) {

        public String id() {
            return object.getKind() + "/" + object.getMetadata().getName();
        }

        public String service() {
            return object.getMetadata().getLabels().get("app.kubernetes.io/name");
        }

        public Optional<ServiceContract> contract() {
            return ServiceContract.named(service());
        }

        public boolean isDeployment() {
            return object instanceof Deployment;
        }
    }

    public static String id(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
