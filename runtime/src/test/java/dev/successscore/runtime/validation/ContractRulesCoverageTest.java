package dev.successscore.runtime.validation;

import build.buf.validate.FieldRules;
import build.buf.validate.ValidateProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import org.junit.jupiter.api.Test;
import successscore.rules.v1.RulesProto;
import successscore.usage.v1.UsageServiceGrpc;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request message of every service of the suite declares its field rules in its contract, so that a new RPC
 * cannot forget them: the services are found through the generated {@code *Grpc} classes of the contracts.
 */
class ContractRulesCoverageTest {

    /** Request messages without a rule, and why. Anything else without one fails the build. */
    private static final Map<String, String> WITHOUT_RULES = Map.of(
            "successscore.score.v1.RebuildReadModelsRequest", "has no fields",
            "successscore.score.v1.GetFeedLagRequest", "has no fields",
            "successscore.feed.v1.StreamEventsRequest",
            "after_position is optional and only the feed's own store can tell whether it handed it out",
            "successscore.feed.v1.GetFeedHeadRequest",
            "position is optional and only the feed's own store can tell whether it handed it out");

    @Test
    void everyRequestMessageDeclaresRulesOrIsListedAsHavingNone() throws Exception {
        Map<String, Message> requests = requestMessages();

        List<String> without = requests.values().stream().map(Message::getDescriptorForType)
                .filter(d -> !declaresRules(d)).map(Descriptor::getFullName).sorted().toList();

        assertThat(requests).hasSizeGreaterThanOrEqualTo(40);
        assertThat(without).containsExactlyInAnyOrderElementsOf(WITHOUT_RULES.keySet());
    }

    @Test
    void theRulesOfEveryRequestMessageCompile() throws Exception {
        for (Message empty : requestMessages().values()) {
            // throws IllegalStateException when a rule cannot be compiled or evaluated
            RequestRules.contracts().violations(empty);
        }
    }

    @Test
    void everyTenantIdFollowsTheIdRuleAndEveryPageSizeIsNotNegative() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Message request : requestMessages().values()) {
            for (FieldDescriptor field : request.getDescriptorForType().getFields()) {
                FieldRules rules = field.getOptions().getExtension(ValidateProto.field);
                if (field.getName().equals("tenant_id") && !rules.getString().getExtension(RulesProto.id)) {
                    missing.add(field.getFullName());
                }
                if (field.getName().equals("page_size") && !rules.getInt32().getExtension(RulesProto.notNegative)) {
                    missing.add(field.getFullName());
                }
            }
        }

        assertThat(missing).isEmpty();
    }

    private static boolean declaresRules(Descriptor message) {
        return message.getOptions().hasExtension(ValidateProto.message)
                || message.getFields().stream().anyMatch(f -> f.getOptions().hasExtension(ValidateProto.field));
    }

    /** The request message (its empty instance) of every method of every service of the contracts, by full name. */
    private static Map<String, Message> requestMessages() throws Exception {
        Map<String, Message> requests = new TreeMap<>();
        for (ServiceDescriptor service : services()) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                        .getMessagePrototype();
                requests.put(prototype.getDescriptorForType().getFullName(), prototype);
            }
        }
        return requests;
    }

    /** The services of every generated {@code *Grpc} class beside the contracts' classes. */
    private static List<ServiceDescriptor> services() throws IOException, URISyntaxException,
            ReflectiveOperationException {
        Path location = Path.of(UsageServiceGrpc.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classNames;
        if (Files.isDirectory(location)) {
            classNames = grpcClasses(location.resolve("successscore"), location);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                classNames = grpcClasses(jar.getPath("/successscore"), jar.getPath("/"));
            }
        }
        List<ServiceDescriptor> services = new ArrayList<>();
        for (String name : classNames) {
            services.add((ServiceDescriptor) Class.forName(name).getMethod("getServiceDescriptor").invoke(null));
        }
        assertThat(services).extracting(ServiceDescriptor::getName).contains(
                "successscore.usage.v1.UsageService", "successscore.health.v1.HealthService",
                "successscore.expertise.v1.ExpertiseService", "successscore.score.v1.ScoreService",
                "successscore.score.v1.ScoreAdminService", "successscore.feed.v1.EventFeedService");
        return services;
    }

    private static List<String> grpcClasses(Path under, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(under)) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(p -> p.endsWith("Grpc.class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }
}
