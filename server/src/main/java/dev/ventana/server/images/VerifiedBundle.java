package dev.ventana.server.images;

import dev.ventana.server.hosts.HostImage;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A bundle that passed every check: {@code id} is the start of its manifest's {@code sha256}. */
record VerifiedBundle(String image, String id, String sha256, JsonNode manifest, long sizeBytes, String parent,
                      String title, String note) {

    /** The version as the catalogue registers it: uploaded by {@code actor}, now. */
    HostImage asVersion(String actor) {
        List<HostImage.Application> applications = new ArrayList<>();
        for (JsonNode a : manifest.path("applications")) {
            applications.add(new HostImage.Application(a.path("id").asString(""), a.path("name").asString(""),
                    a.path("icon").asString("")));
        }
        return new HostImage(image, id, sha256, manifest.path("cmdline").asString(""),
                manifest.path("screen").path("width").asInt(0), manifest.path("screen").path("height").asInt(0),
                applications, parent, title, note, "upload", actor, null, sizeBytes);
    }
}
