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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;

/**
 * The public keys of a JWKS file, read again when the file's modification time or size changes. A file that
 * becomes unreadable or invalid keeps the keys last read in use (and is logged).
 */
final class JwksFile implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(JwksFile.class);

    private final Path path;
    private volatile Snapshot snapshot;

    JwksFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
        try {
            this.snapshot = read();
        } catch (IOException | ParseException e) {
            throw new UncheckedIOException("Could not read the JWKS file " + path,
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return selector.select(current().keys());
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.lastModifiedTime().equals(known.modified()) && attributes.size() == known.size()) {
                return known;
            }
            synchronized (this) {
                if (snapshot != known) {
                    return snapshot;
                }
                snapshot = read();
                log.info("Read {} signing key(s) from the changed JWKS file {}", snapshot.keys().size(), path);
                return snapshot;
            }
        } catch (IOException | ParseException e) {
            log.warn("Could not read the JWKS file {}; keeping the keys read before: {}", path, e.toString());
            return known;
        }
    }

    private Snapshot read() throws IOException, ParseException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        JWKSet keys = JWKSet.parse(Files.readString(path)).toPublicJWKSet();
        return new Snapshot(attributes.lastModifiedTime(), attributes.size(), keys);
    }

    private record Snapshot(FileTime modified, long size, JWKSet keys) {
    }
}
