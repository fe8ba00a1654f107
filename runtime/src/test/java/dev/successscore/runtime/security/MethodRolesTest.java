package dev.successscore.runtime.security;

import io.grpc.BindableService;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodRolesTest {

    @Test
    void healthAndReflectionAreOpen() {
        assertThat(MethodRoles.isOpen("grpc.health.v1.Health/Check")).isTrue();
        assertThat(MethodRoles.isOpen("grpc.health.v1.Health/Watch")).isTrue();
        assertThat(MethodRoles.isOpen("grpc.reflection.v1.ServerReflection/ServerReflectionInfo")).isTrue();
        assertThat(MethodRoles.isOpen("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")).isTrue();
    }

    @Test
    void nothingElseIsOpen() {
        assertThat(MethodRoles.isOpen(GuardedService.WHO_AM_I.getFullMethodName())).isFalse();
        assertThat(MethodRoles.isOpen("grpc.health.v1.HealthAdmin/Check")).isFalse();
        assertThat(MethodRoles.isOpen("evil.grpc.health.v1.Health/Check")).isFalse();
        assertThat(MethodRoles.isOpen("not a method")).isFalse();
    }

    @Test
    void declaredMethodsRequireTheirRoleAndOthersNone() {
        assertThat(GuardedService.ROLES.required(GuardedService.WHO_AM_I.getFullMethodName())).contains(Role.READ);
        assertThat(GuardedService.ROLES.required(GuardedService.ADMINISTER.getFullMethodName()))
                .contains(Role.ADMIN);
        assertThat(GuardedService.ROLES.required(GuardedService.UNDECLARED.getFullMethodName())).isEmpty();
    }

    @Test
    void listsTheMethodsOfAServiceThatHaveNoRole() {
        assertThat(GuardedService.ROLES.undeclared(new GuardedService().definition()))
                .containsExactly(GuardedService.UNDECLARED.getFullMethodName());
    }

    @Test
    void listsTheMethodsWithoutARoleOfTheServicesAServiceBinds() {
        BindableService guarded = () -> new GuardedService().definition();

        assertThat(GuardedService.ROLES.undeclared(List.of(guarded)))
                .containsExactly(GuardedService.UNDECLARED.getFullMethodName());
    }

    @Test
    void aMethodRequiresOneRole() {
        MethodRoles.Builder builder = MethodRoles.builder().require(Role.READ, GuardedService.WHO_AM_I);

        assertThatThrownBy(() -> builder.require(Role.ADMIN, GuardedService.WHO_AM_I))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("READ").hasMessageContaining("ADMIN");
    }

    @Test
    void refusesWhatIsNoFullMethodName() {
        assertThatThrownBy(() -> MethodRoles.builder().require(Role.READ, "GetScore"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
