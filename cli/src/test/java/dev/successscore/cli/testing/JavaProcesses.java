package dev.successscore.cli.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starting a main class of the suite in a JVM of its own, with the tests' class path. */
public final class JavaProcesses {

    private JavaProcesses() {
    }

    /** {@code java [jvmOptions] -cp <the tests' class path> mainClass args...}. */
    public static ProcessBuilder java(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** The tests' class path (Surefire's, not that of its booter jar). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
