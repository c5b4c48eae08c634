package dev.ventana.host.agent;

/**
 * Body of POST /api/v1/guests. version may be omitted for the image's current version;
 * memoryMiB and vcpus default to 512 and 1; application (an id the version publishes) to the
 * whole desktop; network ("NONE" or "NAT") to NONE; dataDisk ("WRITABLE" or "READ_ONLY") to
 * WRITABLE. The last two are strings so that a wrong value gets a message naming the field.
 * sources (optional, with a version): base URLs to fetch the version from when this host lacks it.
 * instantOn (default false) restores the guest from the version's warm template where there is one;
 * pageSharing (default false) lets such clones share the template's memory pages.
 * packages (optional): the application packages to attach, in order, as [{"name","version"}];
 * missing ones are fetched from sources as a missing version is.
 */
record StartGuestRequest(String user, String image, String version, Integer memoryMiB, Integer vcpus,
        String application, String network, String dataDisk, java.util.List<String> sources, Boolean instantOn,
        Boolean pageSharing, java.util.List<Package> packages) {

    /** One package to attach: its name and version id. */
    record Package(String name, String version) {
    }
}
