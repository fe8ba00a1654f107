package dev.successscore.cli.demo;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What the demo loads: its tenants and their requests, for a seed and a day.
 *
 * @param seed    the generator's seed
 * @param now     the instant the data is dated against
 * @param dataEnd the start of {@code now}'s UTC day: every recorded event happened before it, so the data of a seed
 *                is the same all day long (certification expiries lie after it)
 * @param tenants in load order
 */
public record DemoData(long seed, Instant now, Instant dataEnd, List<DemoTenant> tenants) {

    public DemoData {
        tenants = List.copyOf(tenants);
    }

    public long userCount() {
        return tenants.stream().mapToLong(t -> t.users().size()).sum();
    }

    public long activityCount() {
        return tenants.stream().mapToLong(DemoTenant::activityCount).sum();
    }

    public long creditCount() {
        return tenants.stream().mapToLong(DemoTenant::creditCount).sum();
    }

    public long alertCount() {
        return tenants.stream().mapToLong(DemoTenant::alertCount).sum();
    }

    public DemoTenant tenant(String id) {
        return tenants.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo tenant " + id));
    }

    public List<DemoTenant> tenants(Persona persona) {
        return tenants.stream().filter(t -> t.persona() == persona).toList();
    }

    /** SHA-256 (hex) over every request's bytes in load order: equal digests mean identical loads. */
    public String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (DemoTenant tenant : tenants) {
                sha.update(tenant.id().getBytes(StandardCharsets.UTF_8));
                for (Message request : tenant.requests()) {
                    sha.update(request.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
                    sha.update(request.toByteArray());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
