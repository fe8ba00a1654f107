package dev.successscore.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.util.List;
import java.util.Optional;

/** Small helpers shared by the rule sets. */
final class Rules {

    private Rules() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    static Optional<ContainerPort> port(Container container, String name) {
        return list(container.getPorts()).stream().filter(port -> name.equals(port.getName())).findFirst();
    }

    static Container mainContainer(Manifests.Workload workload) {
        List<Container> containers = list(workload.template().getSpec().getContainers());
        if (containers.isEmpty()) {
            throw new IllegalStateException(workload.id() + " has no container");
        }
        return containers.get(0);
    }

    static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    /** Seconds of a duration as the services read it: 90s, 2m, 1h (or a plain number of seconds). */
    static long seconds(String duration) {
        String text = duration.trim();
        if (text.endsWith("ms")) {
            return Long.parseLong(text.substring(0, text.length() - 2)) / 1000;
        }
        char unit = text.charAt(text.length() - 1);
        if (Character.isDigit(unit)) {
            return Long.parseLong(text);
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (unit) {
            case 's' -> amount;
            case 'm' -> amount * 60;
            case 'h' -> amount * 3600;
            case 'd' -> amount * 86400;
            default -> throw new IllegalArgumentException("not a duration: " + duration);
        };
    }
}
