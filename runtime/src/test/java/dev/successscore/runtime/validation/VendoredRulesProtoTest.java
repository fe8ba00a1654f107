package dev.successscore.runtime.validation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * buf lint reads a copy of {@code buf/validate/validate.proto} (proto/vendor/protovalidate), protoc and the
 * validator the one inside the protovalidate jar: both must be the same file.
 */
class VendoredRulesProtoTest {

    @Test
    void theCopyBufReadsIsTheFileOfTheProtovalidateRelease() throws IOException {
        byte[] vendored = Files.readAllBytes(
                Path.of("..", "proto", "vendor", "protovalidate", "buf", "validate", "validate.proto"));
        byte[] released;
        try (InputStream in = build.buf.validate.ValidateProto.class.getClassLoader()
                .getResourceAsStream("buf/validate/validate.proto")) {
            assertThat(in).as("validate.proto in the protovalidate jar").isNotNull();
            released = in.readAllBytes();
        }

        assertThat(vendored).as("proto/vendor/protovalidate/buf/validate/validate.proto, update it with the "
                + "protovalidate version").isEqualTo(released);
    }
}
