package dev.successscore.expertise;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceProcess;
import io.grpc.ManagedChannel;
import dev.successscore.runtime.grpc.ServiceChannels;

/** Runs expertise-service, configured by environment variables only. */
public final class ExpertiseServiceApp {

    private ExpertiseServiceApp() {
    }

    /** Serves the service; {@code migrate} applies its schema migrations instead (see {@link ServiceProcess#main}). */
    public static void main(String[] args) throws InterruptedException {
        ServiceProcess.main(args, "expertise-service", ExpertiseService.SCHEMA, ExpertiseServiceApp::start);
    }

    /** Starts expertise-service on its database and port, SERVING when this returns. */
    public static RunningService start(Settings settings) {
        ExpertiseServiceSettings own = ExpertiseServiceSettings.from(settings);
        Database database = Database.start(DatabaseSettings.from(settings), "expertise-service");
        ManagedChannel usage = ServiceChannels.forTarget(own.usageTarget()).build();
        try {
            ExpertiseService.SCHEMA.prepare(database.dataSource(), MigrationSettings.from(settings));
            ExpertiseService service = ExpertiseService.start(database.dataSource(), own,
                    AxonSettings.from(settings), FeedServerSettings.from(settings), usage, settings.clock());
            return ServiceProcess.start("expertise-service", own.port(), service.grpcServices(), service.feed(),
                    service, usage::shutdownNow, database);
        } catch (RuntimeException e) {
            usage.shutdownNow();
            database.close();
            throw e;
        }
    }
}
