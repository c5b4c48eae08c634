package dev.ventana.host.guest;

/** The version a guest boots, once it is on this host: at once, or after a fetch (on the boot thread). */
@FunctionalInterface
interface ImageSupply {
    ImageVersion get() throws InterruptedException;

    /** The guest's application packages for the version it boots, once they are here (PackageStore). */
    @FunctionalInterface
    interface Packages {
        java.util.List<PackageVersion> get(ImageVersion image) throws InterruptedException;

        Packages NONE = image -> java.util.List.of();
    }
}
