package dev.ventana.host.rfb;

/** An RFB pixel format (RFC 6143, 7.4): how the server lays out the pixels it sends. */
record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour, int redMax, int greenMax,
        int blueMax, int redShift, int greenShift, int blueShift) {

    /**
     * The one format this client asks for and {@link RfbDecoder} assumes: 32 bits little-endian,
     * 8 bits per colour at shifts 16/8/0, so each pixel arrives as B, G, R, unused.
     */
    static final PixelFormat TRUE_COLOUR_32 = new PixelFormat(32, 24, false, true, 255, 255, 255, 16, 8, 0);
}
