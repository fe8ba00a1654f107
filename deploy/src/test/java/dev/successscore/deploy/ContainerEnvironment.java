package dev.successscore.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment a container gets: its ConfigMaps' entries ({@code envFrom}) overridden by its own
 * {@code env}, each variable either a literal or a reference to a Secret's key.
 */
public final class ContainerEnvironment {

    /** One variable: a literal value, or where in a Secret it comes from. */
    public record Variable(String name, String value, SecretKeySelector secret) {

        public boolean fromSecret() {
            return secret != null && value == null;
        }
    }

    private final Map<String, Variable> variables;

    private ContainerEnvironment(Map<String, Variable> variables) {
        this.variables = variables;
    }

    public static ContainerEnvironment of(Container container, Manifests manifests) {
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (EnvFromSource source : nullToEmpty(container.getEnvFrom())) {
            if (source.getConfigMapRef() != null) {
                manifests.configMap(source.getConfigMapRef().getName()).map(ConfigMap::getData).orElse(Map.of())
                        .forEach((name, value) -> variables.put(name, new Variable(name, value, null)));
            }
        }
        for (EnvVar variable : nullToEmpty(container.getEnv())) {
            SecretKeySelector secret = variable.getValueFrom() == null ? null
                    : variable.getValueFrom().getSecretKeyRef();
            variables.put(variable.getName(), new Variable(variable.getName(), variable.getValue(), secret));
        }
        return new ContainerEnvironment(variables);
    }

    public Optional<Variable> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** The literal value of a variable, if it has one. */
    public Optional<String> value(String name) {
        return get(name).map(Variable::value);
    }

    public boolean has(String name) {
        return variables.containsKey(name);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
