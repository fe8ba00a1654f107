package dev.successscore.cli.command;

import dev.successscore.cli.client.SuiteTarget;
import dev.successscore.cli.demo.Demo;
import dev.successscore.cli.suite.LocalSuite;
import dev.successscore.cli.suite.SuitePidFile;
import dev.successscore.cli.suite.SuitePorts;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.tls.TlsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code css run}: the whole suite on this machine until Ctrl-C or {@code css stop}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Starts the four services on one embedded PostgreSQL whose data persists under --data-dir, "
                + "on ports 7100-7103 (PostgreSQL on 7109, metrics on 9100-9103), and serves until Ctrl-C or "
                + "'css stop'. Over TLS when CSS_TLS_CERT, CSS_TLS_KEY and CSS_TLS_CA name TLS files (a "
                + "certificate naming localhost; health probes then on 9200-9203) and with caller authentication "
                + "when CSS_AUTH_* configure it; what is not configured needs --insecure. With --demo, loads the demo "
                + "into an empty suite first.")
public final class RunCommand implements Callable<Integer> {

    private static final Duration DEMO_DEADLINE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:CSS_SUITE_DATA_DIR:-.data}",
            description = "where the suite keeps its data (default ${DEFAULT-VALUE})")
    Path dataDirectory;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
            description = "added to every default port, to run a second suite beside the first")
    int portOffset;

    @Option(names = "--demo", description = "load the demo (50 tenants over 13 months) when the suite has no score "
            + "yet, and print its table")
    boolean demo;

    @Option(names = "--insecure", description = "run in plaintext and without caller authentication where TLS files "
            + "and CSS_AUTH_* are not configured: for this machine only (./run passes it)")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings configured = Settings.fromEnvironment();
        List<String> unsecured = LocalSuite.unsecured(configured);
        if (!unsecured.isEmpty() && !insecure) {
            spec.commandLine().getErr().println("css run: " + String.join(" and ", unsecured) + " not configured. "
                    + "Configure them, or pass --insecure to run this suite without them, on this machine only.");
            return 1;
        }
        SuitePorts ports = SuitePorts.DEFAULTS.shiftedBy(portOffset);
        long started = System.nanoTime();
        try (SuitePidFile pid = SuitePidFile.claim(dataDirectory)) {
            Settings environment = configured;
            LocalSuite suite = LocalSuite.start(dataDirectory, ports, environment);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                suite.close();
                out.println("The suite stopped; its data stays in " + dataDirectory.toAbsolutePath().normalize());
                out.flush();
            }, "suite-shutdown"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            out.printf("The suite is serving (started in %.1f s), data in %s:%n", took.toMillis() / 1000.0,
                    dataDirectory.toAbsolutePath().normalize());
            suite.ports().forEach((name, port) -> out.printf(
                    "  %-18s localhost:%d  metrics: %s://localhost:%d/metrics%s%n", name, port,
                    suite.isPlaintext() ? "http" : "https", suite.metricsPort(name), suite.probePort(name).isPresent()
                            ? "  probes: localhost:" + suite.probePort(name).getAsInt() : ""));
            out.printf("  %-18s localhost:%d%n", "postgresql", suite.databasePort());
            if (suite.isPlaintext()) {
                out.println("PLAINTEXT: calls and tokens travel unencrypted (" + TlsSettings.INSECURE + "=true); "
                        + "for this machine only. Set " + TlsSettings.CERT + ", " + TlsSettings.KEY + " and "
                        + TlsSettings.CA + " for TLS.");
            } else {
                out.println("TLS: the services serve and call each other over mutual TLS; css needs --ca (and "
                        + "--cert, --key) or the same CSS_TLS_* variables.");
            }
            out.println("Each port serves the gRPC health service and server reflection. Ctrl-C or 'css stop' "
                    + "stops the suite.");
            out.flush();
            if (demo) {
                SuiteTarget target = SuiteTarget.of(suite.target("score-service"), suite.target("usage-service"),
                        suite.target("expertise-service"), suite.target("health-service"), DEMO_DEADLINE);
                if (!suite.isPlaintext()) {
                    // the loader calls as the suite's services call each other, with their certificate
                    target.withTls(environment.path(TlsSettings.CA, null), environment.path(TlsSettings.CERT, null),
                            environment.path(TlsSettings.KEY, null));
                }
                Demo.loadIfEmpty(target, Demo.DEFAULT_SEED, Instant.now(), out);
                out.println("The suite keeps serving; Ctrl-C or 'css stop' stops it.");
                out.flush();
            }
            suite.awaitTermination();
        }
        return 0;
    }
}
