package dev.successscore.runtime.validation;

import dev.successscore.runtime.grpc.FieldViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import successscore.score.v1.ClearOverrideRequest;
import successscore.usage.v1.GetEntitlementsRequest;
import successscore.usage.v1.ListUsersRequest;
import successscore.usage.v1.RegisterUserRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite's own rules ({@code successscore/rules/v1/rules.proto}) say what the Java checks they stand for said:
 * the id rule what {@link Ids} says (records inside a batch are still checked with it), blank and control
 * characters as {@link String#isBlank()} and {@link Character#isISOControl(char)} see them.
 */
class SuiteRulesTest {

    private static final RequestRules RULES = RequestRules.contracts();

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "acme", "ACME-1", "9", "a.b_c:d-e", ".acme", "_a", ":a", "-a", "a b", "a/b",
            "ä", "a\u0000", "tenant\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "-a b", "a-", "a..b"})
    void theIdRuleSaysWhatIdsSays(String id) {
        assertThat(idProblem(id)).isEqualTo(Ids.problem(id));
    }

    @Test
    void theIdRuleSaysWhatIdsSaysOfRandomStrings() {
        Random random = new Random(20240611);
        String alphabet = "aZ09._:- /\u00e9\t";
        for (int n = 0; n < 2000; n++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(70);
            for (int i = 0; i < length; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(idProblem(id.toString())).as(id.toString()).isEqualTo(Ids.problem(id.toString()));
        }
    }

    @Test
    void requiredTextIsRequiredWhenBlankAsJavaSeesIt() {
        List<Character> disagree = new ArrayList<>();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (Character.isSurrogate(c)) {
                continue;
            }
            String text = String.valueOf(c).repeat(2);
            boolean refused = problem(ClearOverrideRequest.newBuilder().setTenantId("acme").setReason(text).build(),
                    "reason").filter("is required"::equals).isPresent();
            if (refused != text.isBlank()) {
                disagree.add(c);
            }
        }
        assertThat(disagree).isEmpty();
    }

    @Test
    void controlCharactersAreThoseJavaCallsSo() {
        List<Character> disagree = new ArrayList<>();
        for (char c = 0; c < 0x3000; c++) {
            String department = "Sales" + c;
            boolean refused = problem(user(department), "department")
                    .filter("must not contain control characters"::equals).isPresent();
            if (refused != Character.isISOControl(c)) {
                disagree.add(c);
            }
        }
        assertThat(disagree).isEmpty();
    }

    @Test
    void maxCharsCountsCharacters() {
        assertThat(problem(user("d".repeat(128)), "department")).isEmpty();
        assertThat(problem(user("d".repeat(129)), "department")).contains("at most 128 characters");
    }

    @Test
    void aNegativePageSizeIsRefused() {
        assertThat(problem(ListUsersRequest.newBuilder().setTenantId("acme").setPageSize(-1).build(), "page_size"))
                .contains("must not be negative");
        assertThat(problem(ListUsersRequest.newBuilder().setTenantId("acme").setPageSize(0).build(), "page_size"))
                .isEmpty();
    }

    private static RegisterUserRequest user(String department) {
        return RegisterUserRequest.newBuilder().setTenantId("acme").setUserId("u1").setDepartment(department)
                .setOrgLevel(successscore.usage.v1.OrgLevel.ORG_LEVEL_MANAGER).build();
    }

    private static Optional<String> idProblem(String id) {
        return problem(GetEntitlementsRequest.newBuilder().setTenantId(id).build(), "tenant_id");
    }

    private static Optional<String> problem(com.google.protobuf.Message message, String field) {
        return RULES.violations(message).stream().filter(v -> v.field().equals(field))
                .map(FieldViolation::description).findFirst();
    }
}
