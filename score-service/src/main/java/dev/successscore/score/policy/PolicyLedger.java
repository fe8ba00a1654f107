package dev.successscore.score.policy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * The ledger of published scoring policy versions: one aggregate for the whole suite, so that
 * versions are numbered 1, 2, 3, ... without gaps, even with several replicas publishing.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class PolicyLedger {

    /**
     * The identifier of the one ledger. Its '$' is outside the id alphabet of tenants, so no
     * tenant's score can share the ledger's stream in the event store.
     */
    public static final String ID = "$scoring-policy";

    @AggregateIdentifier
    private String ledgerId;
    private int latestVersion;
    private Map<String, Integer> versionByRequestId = new LinkedHashMap<>();

    protected PolicyLedger() {
    }

    /** Publishes the proposal and answers the version it holds (the existing one for a retried request). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(PublishPolicyCommand command) {
        Integer published = versionByRequestId.get(command.requestId());
        if (published != null) {
            return published;
        }
        PolicyValidator.requireValid(command.proposal());
        int version = latestVersion + 1;
        apply(new PolicyPublishedEvent(command.ledgerId(),
                command.proposal().published(version, command.publishedAt(), command.publishedBy()),
                command.requestId()));
        return version;
    }

    @EventSourcingHandler
    void on(PolicyPublishedEvent event) {
        ledgerId = event.ledgerId();
        latestVersion = event.policy().version();
        versionByRequestId.put(event.requestId(), latestVersion);
    }
}
