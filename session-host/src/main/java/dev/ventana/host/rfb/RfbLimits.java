package dev.ventana.host.rfb;

/**
 * What the client accepts from a server before it calls the data malformed. Every allocation
 * the client makes is bounded by one of these, so a broken or hostile server cannot make it
 * run out of memory.
 */
public record RfbLimits(int maxWidth, int maxHeight, int maxNameBytes, int maxCutTextBytes) {
    public static final RfbLimits DEFAULT = new RfbLimits(8192, 8192, 4096, 1 << 20);

    public RfbLimits {
        if (maxWidth < 1 || maxHeight < 1 || maxNameBytes < 0 || maxCutTextBytes < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
