package dev.successscore.runtime.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;

/**
 * The public keys of a JWKS file, read again when the file's modification time or size changes. A file that
 * becomes unreadable, missing or invalid keeps the keys last read in use: that is logged once, and the file is not
 * read again until it changes again (a half-written file or a Secret being swapped costs one read, not one per call).
 */
final class JwksFile implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(JwksFile.class);

    private final Path path;
    private volatile JWKSet keys;
    /** The version of the file last looked at, whether its keys could be read or not. */
    private volatile FileVersion seen;

    JwksFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
        try {
            this.seen = FileVersion.of(path);
            this.keys = read();
        } catch (IOException | ParseException e) {
            throw new UncheckedIOException("Could not read the JWKS file " + path,
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return selector.select(current());
    }

    private JWKSet current() {
        FileVersion version = FileVersion.ofOrUnreadable(path);
        if (version.equals(seen)) {
            return keys;
        }
        synchronized (this) {
            if (version.equals(seen)) {
                return keys;
            }
            try {
                keys = read();
                log.info("Read {} signing key(s) from the changed JWKS file {}", keys.size(), path);
            } catch (IOException | ParseException e) {
                log.warn("Could not read the JWKS file {}; keeping the keys read before until it changes again: {}",
                        path, e.toString());
            }
            // published after the keys: a caller that sees this version without the lock also sees its keys
            seen = version;
            return keys;
        }
    }

    private JWKSet read() throws IOException, ParseException {
        return JWKSet.parse(Files.readString(path)).toPublicJWKSet();
    }
}
