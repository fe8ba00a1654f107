package dev.successscore.health;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.ServiceProcess;
import java.time.Clock;

/** Runs health-service as a process, configured by environment variables only. */
public final class HealthServiceApp {

    private HealthServiceApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        HealthServiceSettings own = HealthServiceSettings.from(settings);
        Database database = Database.start(DatabaseSettings.from(settings));
        HealthService service = HealthService.start(database.dataSource(), own, AxonSettings.from(settings),
                FeedServerSettings.from(settings), Clock.systemUTC());
        ServiceProcess.serve("health-service", own.port(), service.grpcServices(), service.feed(), service, database);
    }
}
