package dev.successscore.health;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceProcess;

/** Runs health-service, configured by environment variables only. */
public final class HealthServiceApp {

    private HealthServiceApp() {
    }

    /** Serves the service; {@code migrate} applies its schema migrations instead (see {@link ServiceProcess#main}). */
    public static void main(String[] args) throws InterruptedException {
        ServiceProcess.main(args, "health-service", HealthService.SCHEMA, HealthServiceApp::start);
    }

    /** Starts health-service on its database and port, SERVING when this returns. */
    public static RunningService start(Settings settings) {
        HealthServiceSettings own = HealthServiceSettings.from(settings);
        Database database = Database.start(DatabaseSettings.from(settings), "health-service");
        try {
            HealthService.SCHEMA.prepare(database.dataSource(), MigrationSettings.from(settings));
            HealthService service = HealthService.start(database.dataSource(), own, AxonSettings.from(settings),
                    FeedServerSettings.from(settings), settings.clock());
            return ServiceProcess.start("health-service", own.port(), service.grpcServices(), service.feed(),
                    service, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }
}
