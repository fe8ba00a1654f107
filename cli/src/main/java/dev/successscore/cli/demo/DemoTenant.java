package dev.successscore.cli.demo;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import successscore.expertise.v1.RecordCreditsRequest;
import successscore.health.v1.EnrollMonitoringRequest;
import successscore.health.v1.ReportAlertsRequest;
import successscore.health.v1.ReportHeartbeatRequest;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;

/**
 * One demo tenant as the requests that load it, in the order they are sent: to usage-service its entitlements, its
 * users and its activity (newest first), to expertise-service its learning credits, to health-service its
 * enrolment, alerts and a heartbeat (none of the three for a tenant without monitoring).
 */
public record DemoTenant(String id, Persona persona, SetEntitlementsRequest entitlements,
                         List<RegisterUserRequest> users, List<RecordActivitiesRequest> activityBatches,
                         List<RecordCreditsRequest> creditBatches, Optional<EnrollMonitoringRequest> enrollment,
                         List<ReportAlertsRequest> alertBatches, Optional<ReportHeartbeatRequest> heartbeat) {

    public DemoTenant {
        users = List.copyOf(users);
        activityBatches = List.copyOf(activityBatches);
        creditBatches = List.copyOf(creditBatches);
        alertBatches = List.copyOf(alertBatches);
    }

    /** Whether the tenant's monitoring is enrolled in health-service (it then has Technical Health). */
    public boolean monitored() {
        return enrollment.isPresent();
    }

    public long activityCount() {
        return activityBatches.stream().mapToLong(RecordActivitiesRequest::getActivitiesCount).sum();
    }

    public long creditCount() {
        return creditBatches.stream().mapToLong(RecordCreditsRequest::getCreditsCount).sum();
    }

    public long alertCount() {
        return alertBatches.stream().mapToLong(ReportAlertsRequest::getAlertsCount).sum();
    }

    /** Every request, in the order the loader sends them. */
    public List<Message> requests() {
        List<Message> requests = new ArrayList<>();
        requests.add(entitlements);
        requests.addAll(users);
        requests.addAll(activityBatches);
        requests.addAll(creditBatches);
        enrollment.ifPresent(requests::add);
        requests.addAll(alertBatches);
        heartbeat.ifPresent(requests::add);
        return requests;
    }
}
