package dev.successscore.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image as Jib's buildTar writes it in OCI format (an OCI image layout: index.json, blobs): its config and
 * the files of its layers, with the content of the small ones (the class path file).
 */
public final class ImageTarball {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SMALL_FILE = 64 * 1024;

    private final JsonNode config;
    private final Map<String, String> layerComments;
    private final List<String> files;
    private final Map<String, String> smallFiles;

    private ImageTarball(JsonNode config, Map<String, String> layerComments, List<String> files,
            Map<String, String> smallFiles) {
        this.config = config;
        this.layerComments = layerComments;
        this.files = files;
        this.smallFiles = smallFiles;
    }

    public static ImageTarball read(Path tarball) {
        Map<String, byte[]> blobs = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new BufferedInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    blobs.put(entry.getName(), tar.readAllBytes());
                }
            }
            JsonNode index = JSON.readTree(required(blobs, "index.json"));
            JsonNode manifest = JSON.readTree(required(blobs, blob(index.path("manifests").path(0))));
            JsonNode config = JSON.readTree(required(blobs, blob(manifest.path("config"))));
            List<String> files = new ArrayList<>();
            Map<String, String> smallFiles = new HashMap<>();
            for (JsonNode layer : manifest.path("layers")) {
                readLayer(required(blobs, blob(layer)), files, smallFiles);
            }
            Map<String, String> comments = new HashMap<>();
            config.path("history").forEach(step -> comments.put(step.path("comment").asText(), step.path("created_by")
                    .asText()));
            return new ImageTarball(config, comments, files, smallFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image tarball " + tarball, e);
        }
    }

    private static void readLayer(byte[] layer, List<String> files, Map<String, String> smallFiles)
            throws IOException {
        try (InputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(layer));
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = "/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                if (entry.isFile()) {
                    files.add(name);
                    if (entry.getSize() <= SMALL_FILE) {
                        smallFiles.put(name, new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private static String blob(JsonNode descriptor) {
        return "blobs/" + descriptor.path("digest").asText().replace(':', '/');
    }

    private static byte[] required(Map<String, byte[]> blobs, String name) {
        byte[] blob = blobs.get(name);
        if (blob == null) {
            throw new IllegalStateException("the image tarball has no " + name);
        }
        return blob;
    }

    public String user() {
        return config.path("config").path("User").asText();
    }

    public List<String> entrypoint() {
        List<String> entrypoint = new ArrayList<>();
        config.path("config").path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        return entrypoint;
    }

    public List<String> exposedPorts() {
        List<String> ports = new ArrayList<>();
        config.path("config").path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        return ports;
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>();
        config.path("config").path("Labels").fields()
                .forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
        return labels;
    }

    /** The Jib layers by their comment (dependencies, snapshot dependencies, resources, classes, ...). */
    public Map<String, String> layerComments() {
        return layerComments;
    }

    public List<String> files() {
        return files;
    }

    public String fileContent(String path) {
        String content = smallFiles.get(path);
        if (content == null) {
            throw new IllegalStateException("the image has no small file " + path);
        }
        return content;
    }
}
