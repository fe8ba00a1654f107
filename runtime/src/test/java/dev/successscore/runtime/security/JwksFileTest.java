package dev.successscore.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A JWKS file that breaks: the keys read before stay in use, the failure is logged once, the file read once. */
class JwksFileTest {

    private static final JWKSelector EVERY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

    private final TestIssuer issuer = new TestIssuer();
    private final Logger logger = (Logger) LoggerFactory.getLogger(JwksFile.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    @TempDir
    Path dir;
    private Path path;
    private JwksFile file;

    @BeforeEach
    void goodFile() {
        path = issuer.writeJwks(dir.resolve("jwks.json"));
        file = new JwksFile(path);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    @Test
    void aBrokenFileKeepsTheKeysReadBeforeAndIsLoggedOnceUntilItChangesAgain() throws Exception {
        rewrite("{\"keys\": [ this is not json");

        for (int i = 0; i < 5; i++) {
            assertThat(keyIds()).containsExactlyInAnyOrder(issuer.rsa.getKeyID(), issuer.ec.getKeyID());
        }
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0).getFormattedMessage()).contains("jwks.json")
                .contains("keeping the keys read before until it changes again");

        rewrite("still { not a key set");
        keyIds();
        keyIds();
        assertThat(warnings()).as("the file changed again, and is still broken").hasSize(2);
    }

    @Test
    void aFixedFileIsReadAgain() throws Exception {
        rewrite("{\"keys\": [ this is not json");
        keyIds();
        RSAKey next = TestIssuer.newRsaKey("rsa-next");

        rewrite(new JWKSet(List.of(next.toPublicJWK())).toString());

        assertThat(keyIds()).containsExactly("rsa-next");
    }

    @Test
    void aMissingFileKeepsTheKeysAndIsLoggedOnceUntilItIsBack() throws Exception {
        Files.delete(path);

        for (int i = 0; i < 5; i++) {
            assertThat(keyIds()).hasSize(2);
        }
        assertThat(warnings()).hasSize(1);

        Files.writeString(path, new JWKSet(List.of(TestIssuer.newRsaKey("rsa-next").toPublicJWK())).toString());
        assertThat(keyIds()).containsExactly("rsa-next");
    }

    private List<String> keyIds() throws Exception {
        return file.get(EVERY_KEY, null).stream().map(JWK::getKeyID).toList();
    }

    private List<ILoggingEvent> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    /** Writes new contents, dated later than what was there, as a replaced file or Secret would be. */
    private void rewrite(String contents) throws Exception {
        FileTime before = Files.getLastModifiedTime(path);
        Files.writeString(path, contents);
        Files.setLastModifiedTime(path, FileTime.fromMillis(before.toMillis() + 1000));
    }
}
