/**
 * Image codecs: a changed rectangle of the screen into region messages. {@link
 * dev.ventana.host.display.codec.RegionEncoder} chooses per tile the cheapest faithful codec
 * after one {@link dev.ventana.host.display.codec.ColourCensus} pass: one colour is SOLID, two a
 * BITMAP ({@link dev.ventana.host.display.codec.BitmapPacker}) or RAW when smaller, few a palette
 * PNG and many an RGB one ({@link dev.ventana.host.display.codec.PngWriter}, written for screen
 * content), and a fast-changing photograph JPEG ({@link
 * dev.ventana.host.display.codec.JpegWriter}) when the caller allows loss. Over a browser hop that
 * deflates (HELLO flag bit 1) small regions go RAW or BITMAP, for the hop's deflate to squeeze.
 *
 * <p>Threads: none of them is thread-safe (they reuse buffers); one region encoder per
 * connection, used by its pump.
 */
package dev.ventana.host.display.codec;
