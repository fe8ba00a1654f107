package dev.successscore.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.db.Migrations;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import successscore.usage.v1.Activity;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.SetEntitlementsResponse;
import successscore.usage.v1.StreamActivitiesRequest;
import successscore.usage.v1.StreamActivitiesResponse;
import successscore.usage.v1.UsageServiceGrpc;

class RequestFuzzingTest {

    private static final String SET = "successscore.usage.v1.UsageService/SetEntitlements";
    private static final String STREAM = "successscore.usage.v1.UsageService/StreamActivities";
    private static final String REFUSED = "refused";
    private static final String LEAKY = "leaky";

    private final HikariDataSource dataSource = TestDatabases.fresh();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        dataSource.close();
    }

    @Test
    void aRefusedCallThatStoredNothingPasses() {
        RequestFuzzing fuzzing = fuzzing(Behaviour.WELL_BEHAVED);

        assertThatCode(() -> {
            fuzzing.send(SET, List.of(entitlements(REFUSED)));
            fuzzing.send(SET, List.of(entitlements("acme")));
            fuzzing.send(SET, List.of(entitlements(REFUSED)));
        }).doesNotThrowAnyException();
        assertThat(stored()).containsExactly("acme");
    }

    @Test
    void aRefusedCallThatStoredSomethingFailsNamingTheTable() {
        RequestFuzzing fuzzing = fuzzing(Behaviour.WELL_BEHAVED);

        assertThatThrownBy(() -> fuzzing.send(SET, List.of(entitlements(LEAKY))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("answered INVALID_ARGUMENT")
                .hasMessageContaining("changed the stored records: [stored: 0 rows");
    }

    @Test
    void aRefusedCallThatStoredSomethingFailsAfterSuccessesAndRefusals() {
        RequestFuzzing fuzzing = fuzzing(Behaviour.WELL_BEHAVED);
        fuzzing.send(SET, List.of(entitlements(REFUSED)));
        fuzzing.send(SET, List.of(entitlements("acme")));
        fuzzing.send(SET, List.of(entitlements(REFUSED)));

        assertThatThrownBy(() -> fuzzing.send(SET, List.of(entitlements(LEAKY))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("changed the stored records: [stored: 1 rows");
    }

    @Test
    void aStreamRefusedAtAMessageMayKeepTheMessagesBeforeIt() {
        RequestFuzzing fuzzing = fuzzing(Behaviour.WELL_BEHAVED);

        assertThatCode(() -> fuzzing.send(STREAM, List.of(batch("acme", "a1"), batch(REFUSED, "r1"),
                batch("acme", "a2")))).doesNotThrowAnyException();
        assertThat(stored()).containsExactly("a1");
    }

    @Test
    void aStreamThatStoresMessagesAfterTheRefusedOneFails() {
        RequestFuzzing fuzzing = fuzzing(Behaviour.STORES_PAST_A_REFUSED_MESSAGE);

        assertThatThrownBy(() -> fuzzing.send(STREAM, List.of(batch("acme", "a1"), batch(REFUSED, "r1"),
                batch("acme", "a2"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("changed the stored records: [stored: 1 rows")
                .hasMessageContaining("-> 2 rows");
    }

    @Test
    void aFailureOtherThanACleanStatusFails() {
        RequestFuzzing fuzzing = fuzzing(Behaviour.FAILS);

        assertThatThrownBy(() -> fuzzing.send(SET, List.of(entitlements("acme"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining(SET + " answered INTERNAL");
    }

    @Test
    void aUnaryMethodTakesOneRequest() {
        RequestFuzzing fuzzing = fuzzing(Behaviour.WELL_BEHAVED);

        assertThatThrownBy(() -> fuzzing.send(SET, List.of(entitlements("a"), entitlements("b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private RequestFuzzing fuzzing(Behaviour behaviour) {
        Migrations.migrateAxonSchema(dataSource);
        jdbc.execute("CREATE TABLE stored (id text PRIMARY KEY)");
        String name = "fuzzing-" + UUID.randomUUID();
        try {
            server = InProcessServerBuilder.forName(name).addService(new FakeUsage(behaviour, jdbc)).build().start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        channel = InProcessChannelBuilder.forName(name).build();
        return new RequestFuzzing(channel, StoredRecords.of(dataSource), UsageServiceGrpc.getServiceDescriptor());
    }

    private List<String> stored() {
        return jdbc.queryForList("SELECT id FROM stored ORDER BY id", String.class);
    }

    private static SetEntitlementsRequest entitlements(String tenant) {
        return SetEntitlementsRequest.newBuilder().setTenantId(tenant).build();
    }

    private static StreamActivitiesRequest batch(String tenant, String activityId) {
        return StreamActivitiesRequest.newBuilder().setTenantId(tenant)
                .addActivities(Activity.newBuilder().setActivityId(activityId)).build();
    }

    private enum Behaviour { WELL_BEHAVED, STORES_PAST_A_REFUSED_MESSAGE, FAILS }

    /**
     * Stores tenants and activity ids; refuses the tenant {@value #REFUSED}, and {@value #LEAKY} after storing it;
     * misbehaves on streams as told.
     */
    private static final class FakeUsage extends UsageServiceGrpc.UsageServiceImplBase {
        private final Behaviour behaviour;
        private final JdbcTemplate jdbc;

        FakeUsage(Behaviour behaviour, JdbcTemplate jdbc) {
            this.behaviour = behaviour;
            this.jdbc = jdbc;
        }

        @Override
        public void setEntitlements(SetEntitlementsRequest request, StreamObserver<SetEntitlementsResponse> response) {
            if (behaviour == Behaviour.FAILS) {
                response.onError(Status.INTERNAL.asRuntimeException());
                return;
            }
            if (!request.getTenantId().equals(REFUSED)) {
                store(request.getTenantId());
            }
            if (request.getTenantId().equals(REFUSED) || request.getTenantId().equals(LEAKY)) {
                response.onError(Status.INVALID_ARGUMENT.asRuntimeException());
                return;
            }
            response.onNext(SetEntitlementsResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public StreamObserver<StreamActivitiesRequest> streamActivities(
                StreamObserver<StreamActivitiesResponse> response) {
            return new StreamObserver<>() {
                private boolean refused;

                @Override
                public void onNext(StreamActivitiesRequest batch) {
                    if (refused && behaviour != Behaviour.STORES_PAST_A_REFUSED_MESSAGE) {
                        return;
                    }
                    if (batch.getTenantId().equals(REFUSED)) {
                        refused = true;
                        if (behaviour != Behaviour.STORES_PAST_A_REFUSED_MESSAGE) {
                            response.onError(Status.INVALID_ARGUMENT.asRuntimeException());
                        }
                        return;
                    }
                    batch.getActivitiesList().forEach(activity -> store(activity.getActivityId()));
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    if (refused && behaviour == Behaviour.STORES_PAST_A_REFUSED_MESSAGE) {
                        response.onError(Status.INVALID_ARGUMENT.asRuntimeException());
                    } else if (!refused) {
                        response.onNext(StreamActivitiesResponse.getDefaultInstance());
                        response.onCompleted();
                    }
                }
            };
        }

        private void store(String id) {
            jdbc.update("INSERT INTO stored VALUES (?) ON CONFLICT DO NOTHING", id);
        }
    }
}
