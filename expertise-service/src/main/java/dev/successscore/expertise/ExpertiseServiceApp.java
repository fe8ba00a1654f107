package dev.successscore.expertise;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Clock;

/** Runs expertise-service as a process, configured by environment variables only. */
public final class ExpertiseServiceApp {

    private ExpertiseServiceApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        ExpertiseServiceSettings own = ExpertiseServiceSettings.from(settings);
        Database database = Database.start(DatabaseSettings.from(settings));
        ManagedChannel usage = ManagedChannelBuilder.forTarget(own.usageTarget()).usePlaintext().build();
        ExpertiseService service = ExpertiseService.start(database.dataSource(), own, AxonSettings.from(settings),
                FeedServerSettings.from(settings), usage, Clock.systemUTC());
        ServiceProcess.serve("expertise-service", own.port(), service.grpcServices(), service.feed(), service,
                usage::shutdownNow, database);
    }
}
