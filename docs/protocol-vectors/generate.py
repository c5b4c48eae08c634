#!/usr/bin/env python3
"""Writes the shared display-protocol test vectors (docs/protocol.md, "Shared test vectors").

The bytes are spelt out here from the spec's byte layouts, and the PNG payloads are made with
Python's own zlib, independently of the Java and TypeScript code under test. Run it again after
changing the spec: `python3 docs/protocol-vectors/generate.py`.
"""
import json, os, struct, zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def h(*parts):
    return "".join(p if isinstance(p, str) else p.hex() for p in parts)


def u8(v): return struct.pack(">B", v)
def i8(v): return struct.pack(">b", v)
def u16(v): return struct.pack(">H", v)
def u32(v): return struct.pack(">I", v)
def region(t, x, y, w, hh): return u8(t) + u16(x) + u16(y) + u16(w) + u16(hh)


def png(width, height, rows, colour_type=2, bit_depth=8, palette=None, filters=None):
    """rows: list of raw scanline bytes (without filter byte); filters: per-row filter types."""
    def chunk(kind, data):
        return u32(len(data)) + kind + data + u32(zlib.crc32(kind + data) & 0xffffffff)
    bpp = 3 if colour_type == 2 else 1
    raw = b""
    prev = bytes(len(rows[0]))
    for i, row in enumerate(rows):
        f = filters[i] if filters else 0
        if f == 0:
            out = row
        elif f == 1:
            out = bytes((row[j] - (row[j - bpp] if j >= bpp else 0)) & 0xff for j in range(len(row)))
        elif f == 2:
            out = bytes((row[j] - prev[j]) & 0xff for j in range(len(row)))
        raw += u8(f) + out
        prev = row
    ihdr = u32(width) + u32(height) + u8(bit_depth) + u8(colour_type) + u8(0) + u8(0) + u8(0)
    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if palette:
        body += chunk(b"PLTE", b"".join(bytes.fromhex(c) for c in palette))
    return body + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def write(name, data):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


# --- host to browser: message <-> bytes --------------------------------------------------
gradient = [[f"{(x * 32) & 0xff:02x}{(y * 32) & 0xff:02x}{(x * y * 4) & 0xff:02x}" for x in range(8)] for y in range(8)]
gradient_png = png(8, 8, [bytes.fromhex("".join(r)) for r in gradient], filters=[0, 1, 2, 1, 2, 0, 1, 2])
two_bit_palette = ["000000", "ffffff", "c0c0c0", "0000a8"]
two_bit_rows = [[(x + y) % 4 for x in range(8)] for y in range(8)]
def pack2(row): return bytes((row[i] << 6) | (row[i + 1] << 4) | (row[i + 2] << 2) | row[i + 3] for i in range(0, 8, 4))
indexed_png = png(8, 8, [pack2(r) for r in two_bit_rows], colour_type=3, bit_depth=2, palette=two_bit_palette)
indexed_pixels = [[two_bit_palette[v] for v in r] for r in two_bit_rows]

# BITMAP: 10x2, so each row is two bytes with six padding bits (sent as 0).
bitmap_rows = ["1000000001", "0110011000"]
def pack_bits(row, pad="0"): return int(row.ljust(16, pad), 2).to_bytes(2, "big")
bitmap_bits = b"".join(pack_bits(r) for r in bitmap_rows)
bitmap_bits_padded_with_ones = b"".join(pack_bits(r, "1") for r in bitmap_rows)
bitmap_colours = {"0": "000000", "1": "aaaaaa"}
bitmap_pixels = [[bitmap_colours[b] for b in r] for r in bitmap_rows]

host = [
    {"name": "hello 720x400 window 3", "message": {"type": "HELLO", "version": 1, "width": 720, "height": 400, "window": 3},
     "hex": h(u8(1), u8(1), u16(720), u16(400), u8(3))},
    {"name": "resize to 1024x768", "message": {"type": "RESIZE", "width": 1024, "height": 768}, "hex": h(u8(2), u16(1024), u16(768))},
    {"name": "frame end 1", "message": {"type": "FRAME_END", "frame": 1}, "hex": h(u8(3), u32(1))},
    {"name": "frame end at the top of u32", "message": {"type": "FRAME_END", "frame": 4294967295}, "hex": h(u8(3), u32(4294967295))},
    {"name": "cursor 2x1, hotspot on the right pixel",
     "message": {"type": "CURSOR", "hotX": 1, "hotY": 0, "width": 2, "height": 1, "rgba": "ff00008000ff00ff"},
     "hex": h(u8(4), u16(1), u16(0), u16(2), u16(1), "ff00008000ff00ff")},
    {"name": "cursor hidden", "message": {"type": "CURSOR", "hotX": 0, "hotY": 0, "width": 0, "height": 0, "rgba": ""},
     "hex": h(u8(4), u16(0), u16(0), u16(0), u16(0))},
    {"name": "pong", "message": {"type": "PONG", "nonce": 3735928559}, "hex": h(u8(5), u32(0xdeadbeef))},
    {"name": "clipboard: UTF-8 text copied in the guest", "message": {"type": "CLIPBOARD", "text": "d\u00e9j\u00e0 vu \u2713"},
     "hex": h(u8(6), "déjà vu ✓".encode().hex())},
    {"name": "clipboard emptied", "message": {"type": "CLIPBOARD", "text": ""}, "hex": h(u8(6))},
    {"name": "solid", "message": {"type": "SOLID", "x": 1, "y": 2, "width": 3, "height": 4, "rgb": "102030"},
     "hex": h(region(0x10, 1, 2, 3, 4), "102030")},
    {"name": "copy: text console scrolled up one 16-pixel line",
     "message": {"type": "COPY", "x": 0, "y": 0, "width": 720, "height": 384, "srcX": 0, "srcY": 16},
     "hex": h(region(0x11, 0, 0, 720, 384), u16(0), u16(16))},
    {"name": "restore: a strip a moved window uncovered",
     "message": {"type": "RESTORE", "x": 300, "y": 120, "width": 12, "height": 400},
     "hex": h(region(0x17, 300, 120, 12, 400))},
    {"name": "png 8x8 rgb", "message": {"type": "PNG", "x": 8, "y": 16, "width": 8, "height": 8, "payload": gradient_png.hex()},
     "hex": h(region(0x12, 8, 16, 8, 8), gradient_png)},
    {"name": "jpeg: the payload is opaque to the message layer",
     "message": {"type": "JPEG", "x": 0, "y": 0, "width": 64, "height": 64, "payload": "ffd8ffd9"},
     "hex": h(region(0x13, 0, 0, 64, 64), "ffd8ffd9")},
    {"name": "raw 2x1", "message": {"type": "RAW", "x": 5, "y": 6, "width": 2, "height": 1, "payload": "ff00000000ff"},
     "hex": h(region(0x14, 5, 6, 2, 1), "ff00000000ff")},
    {"name": "bitmap 10x2: two colours, rows padded to whole bytes",
     "message": {"type": "BITMAP", "x": 16, "y": 32, "width": 10, "height": 2, "background": "000000", "foreground": "aaaaaa",
                 "payload": bitmap_bits.hex()},
     "hex": h(region(0x16, 16, 32, 10, 2), "000000", "aaaaaa", bitmap_bits)},
]
write("host-to-browser.json", {"screen": [1024, 768], "vectors": host})

# --- browser to host: message <-> bytes --------------------------------------------------
browser = [
    {"name": "hello v1 with jpeg", "message": {"type": "HELLO", "version": 1, "flags": 1}, "hex": h(u8(0x81), u8(1), u8(1))},
    {"name": "hello v1 lossless only", "message": {"type": "HELLO", "version": 1, "flags": 0}, "hex": h(u8(0x81), u8(1), u8(0))},
    {"name": "hello v1 with jpeg over a deflated hop", "message": {"type": "HELLO", "version": 1, "flags": 3},
     "hex": h(u8(0x81), u8(1), u8(3))},
    {"name": "hello v1 as the viewer sends it over a deflated hop: jpeg, clipboard, batches", "message": {"type": "HELLO", "version": 1, "flags": 15},
     "hex": h(u8(0x81), u8(1), u8(15))},
    {"name": "KeyA down", "message": {"type": "KEY", "down": True, "code": 0x1e}, "hex": h(u8(0x82), u8(1), u16(0x1e))},
    {"name": "ArrowUp up (0xE0 prefix)", "message": {"type": "KEY", "down": False, "code": 0xe048}, "hex": h(u8(0x82), u8(0), u16(0xe048))},
    {"name": "pointer bottom-right of 720x400, left+right held", "message": {"type": "POINTER", "x": 719, "y": 399, "buttons": 5},
     "hex": h(u8(0x83), u16(719), u16(399), u8(5))},
    {"name": "pointer, no buttons", "message": {"type": "POINTER", "x": 0, "y": 0, "buttons": 0}, "hex": h(u8(0x83), u16(0), u16(0), u8(0))},
    {"name": "wheel up 3 notches", "message": {"type": "WHEEL", "dx": 0, "dy": -3}, "hex": h(u8(0x84), i8(0), i8(-3))},
    {"name": "wheel at the limits", "message": {"type": "WHEEL", "dx": 16, "dy": -16}, "hex": h(u8(0x84), i8(16), i8(-16))},
    {"name": "frame ack 7", "message": {"type": "FRAME_ACK", "frame": 7}, "hex": h(u8(0x85), u32(7))},
    {"name": "ping", "message": {"type": "PING", "nonce": 16909060}, "hex": h(u8(0x86), u32(0x01020304))},
    {"name": "refresh", "message": {"type": "REFRESH"}, "hex": h(u8(0x87))},
    {"name": "set size 1280x720", "message": {"type": "SET_SIZE", "width": 1280, "height": 720}, "hex": h(u8(0x88), u16(1280), u16(720))},
    {"name": "clipboard: UTF-8 text pasted in the browser", "message": {"type": "CLIPBOARD", "text": "na\u00efve \ud83d\ude00"},
     "hex": h(u8(0x89), "naïve 😀".encode().hex())},
]
write("browser-to-host.json", {"vectors": browser})

bad = "BAD_REQUEST"
invalid_browser = [
    {"name": "empty message", "hex": "", "error": bad},
    {"name": "unknown type 0x80", "hex": "80", "error": bad},
    {"name": "a host type sent by the browser", "hex": h(u8(3), u32(1)), "error": bad},
    {"name": "unknown type 0xff", "hex": "ff0000", "error": bad},
    {"name": "hello truncated", "hex": "8101", "error": bad},
    {"name": "key truncated", "hex": "820100", "error": bad},
    {"name": "key with a trailing byte", "hex": "8201001e00", "error": bad},
    {"name": "key down byte 2", "hex": "8202001e", "error": bad},
    {"name": "key code 0", "hex": "82010000", "error": bad},
    {"name": "key code 0x80 (a break code)", "hex": "82010080", "error": bad},
    {"name": "key code 0xe000", "hex": "8201e000", "error": bad},
    {"name": "key code 0xe080", "hex": "8201e080", "error": bad},
    {"name": "key code 0x011e (unknown prefix)", "hex": "8201011e", "error": bad},
    {"name": "key code 0xe11d (pause prefix)", "hex": "8201e11d", "error": bad},
    {"name": "pointer truncated", "hex": "8300010002", "error": bad},
    {"name": "pointer with buttons bit 5", "hex": h(u8(0x83), u16(1), u16(1), u8(0x20)), "error": bad},
    {"name": "wheel without movement", "hex": "840000", "error": bad},
    {"name": "wheel dx 17", "hex": h(u8(0x84), i8(17), i8(0)), "error": bad},
    {"name": "wheel dy -17", "hex": h(u8(0x84), i8(0), i8(-17)), "error": bad},
    {"name": "frame ack truncated", "hex": "85000001", "error": bad},
    {"name": "ping too long", "hex": "860000000100", "error": bad},
    {"name": "refresh with a body", "hex": "8700", "error": bad},
    {"name": "set size truncated", "hex": h(u8(0x88), u16(1280), u8(2)), "error": bad},
    {"name": "set size of width 0", "hex": h(u8(0x88), u16(0), u16(720)), "error": bad},
    {"name": "set size beyond 16384", "hex": h(u8(0x88), u16(16385), u16(720)), "error": bad},
    {"name": "clipboard not UTF-8", "hex": h(u8(0x89), "c328"), "error": bad},
    {"name": "clipboard over 256 KiB", "fill": {"hex": "89", "length": 262146}, "error": "TOO_LARGE"},
    {"name": "one byte over 1 MiB", "fill": {"hex": "82", "length": 1048577}, "error": "TOO_LARGE"},
]
write("invalid-browser-to-host.json", {"vectors": invalid_browser})

# A connection's messages in order, each with what the host does: "ok", "dropped" or an error kind.
sequences = [
    {"name": "handshake then input", "screen": [720, 400],
     "steps": [["810101", "ok"], ["8201001e", "ok"], [h(u8(0x83), u16(10), u16(10), u8(1)), "ok"]]},
    {"name": "input before hello", "screen": [720, 400], "steps": [["8201001e", bad]]},
    {"name": "hello with version 0", "screen": [720, 400], "steps": [["810000", bad]]},
    {"name": "hello from a newer browser: the host answers with the version both speak", "screen": [720, 400],
     "steps": [["810200", "ok"], ["8201001e", "ok"]]},
    {"name": "unknown flags are ignored, for capabilities yet to come", "screen": [720, 400], "steps": [["8101fe", "ok"]]},
    {"name": "second hello", "screen": [720, 400], "steps": [["810100", "ok"], ["810100", bad]]},
    {"name": "pointer outside the screen is dropped, the connection lives", "screen": [720, 400],
     "steps": [["810100", "ok"], [h(u8(0x83), u16(720), u16(0), u8(0)), "dropped"], [h(u8(0x83), u16(0), u16(400), u8(0)), "dropped"],
               [h(u8(0x83), u16(719), u16(399), u8(0)), "ok"]]},
]
write("browser-to-host-sequences.json", {"vectors": sequences})

invalid_host = [
    {"name": "empty message", "hex": ""},
    {"name": "unknown type 0x09", "hex": "0900"},
    {"name": "clipboard not UTF-8", "hex": h(u8(6), "c328")},
    {"name": "settings truncated", "hex": h(u8(7), u8(7), u16(1920), u16(1200))},
    {"name": "batch with nothing in it", "hex": "08"},
    {"name": "batch with a truncated length", "hex": "080000"},
    {"name": "batch with an empty part", "hex": "08000000"},
    {"name": "batch with a part longer than what is left", "hex": h(u8(8), "000009", u8(3), u32(1))},
    {"name": "batch with a trailing byte", "hex": h(u8(8), "000005", u8(3), u32(1), "00")},
    {"name": "batch carrying a pong", "hex": h(u8(8), "000005", u8(5), u32(1))},
    {"name": "batch carrying a batch", "hex": h(u8(8), "000006", u8(8), "000001", u8(3))},
    {"name": "batch carrying a notice", "hex": h(u8(8), "000003", u8(0x20), "7b7d")},
    {"name": "batch carrying a clipboard", "hex": h(u8(8), "000002", u8(6), "41")},
    {"name": "batch carrying settings", "hex": h(u8(8), "00000a", u8(7), u8(1), u16(1920), u16(1200), u32(262144))},
    {"name": "reserved webp type 0x15", "hex": h(region(0x15, 0, 0, 1, 1), "00")},
    {"name": "a browser type sent by the host", "hex": "87"},
    {"name": "hello truncated", "hex": h(u8(1), u8(1), u16(720), u16(400))},
    {"name": "resize to width 0", "hex": h(u8(2), u16(0), u16(768))},
    {"name": "resize beyond 16384", "hex": h(u8(2), u16(16385), u16(768))},
    {"name": "frame end truncated", "hex": h(u8(3), u16(1))},
    {"name": "frame end 0", "hex": h(u8(3), u32(0))},
    {"name": "solid with a trailing byte", "hex": h(region(0x10, 0, 0, 1, 1), "10203000")},
    {"name": "solid of width 0", "hex": h(region(0x10, 0, 0, 0, 1), "102030")},
    {"name": "solid beyond the right edge", "hex": h(region(0x10, 1020, 0, 5, 1), "102030")},
    {"name": "copy from beyond the bottom", "hex": h(region(0x11, 0, 0, 10, 10), u16(0), u16(760))},
    {"name": "restore beyond the bottom", "hex": h(region(0x17, 0, 760, 10, 10))},
    {"name": "restore with a trailing byte", "hex": h(region(0x17, 0, 0, 10, 10), "00")},
    {"name": "png without a payload", "hex": h(region(0x12, 0, 0, 8, 8))},
    {"name": "raw with a missing byte", "hex": h(region(0x14, 0, 0, 2, 1), "ff00000000")},
    {"name": "raw over 1024 pixels", "hex": h(region(0x14, 0, 0, 33, 32), "00" * (33 * 32 * 3))},
    {"name": "bitmap with a missing byte", "hex": h(region(0x16, 0, 0, 10, 2), "000000", "aaaaaa", "804066")},
    {"name": "bitmap with a trailing byte", "hex": h(region(0x16, 0, 0, 10, 2), "000000", "aaaaaa", "8040660000")},
    {"name": "bitmap without its colours", "hex": h(region(0x16, 0, 0, 8, 1), "0000")},
    {"name": "bitmap of height 0", "hex": h(region(0x16, 0, 0, 8, 0), "000000", "aaaaaa")},
    {"name": "cursor 129 wide", "hex": h(u8(4), u16(0), u16(0), u16(129), u16(1), "00" * (129 * 4))},
    {"name": "cursor hotspot outside", "hex": h(u8(4), u16(2), u16(0), u16(2), u16(1), "00" * 8)},
    {"name": "cursor rgba short", "hex": h(u8(4), u16(0), u16(0), u16(2), u16(1), "00" * 7)},
]
write("invalid-host-to-browser.json", {"screen": [1024, 768], "vectors": invalid_host})

# BATCH (0x08): a frame's messages joined, each as length u24 then its bytes. The host joins (Java
# compares its bytes), the browser splits (TypeScript compares the parts).
resize_4x4 = h(u8(2), u16(4), u16(4))
red_dot = h(region(0x10, 3, 3, 1, 1), "ff0000")
frame_end_1 = h(u8(3), u32(1))
def batch(*parts):
    return h(u8(8), *[h("%06x" % (len(p.replace(" ", "")) // 2), p) for p in parts])
batches = [
    {"name": "a resize, a region after it and the frame end", "parts": [resize_4x4, red_dot, frame_end_1],
     "hex": batch(resize_4x4, red_dot, frame_end_1)},
    {"name": "a glyph and the frame end", "parts": [h(region(0x16, 8, 16, 8, 2), "ffffff", "000000", "3c42"), frame_end_1],
     "hex": batch(h(region(0x16, 8, 16, 8, 2), "ffffff", "000000", "3c42"), frame_end_1)},
]
write("batches.json", {"vectors": batches})


def rows_of(pixels):
    return [" ".join(r) for r in pixels]


raw4 = [[f"{x * 60:02x}{y * 60:02x}{(x + y) * 20:02x}" for x in range(4)] for y in range(4)]
raw4_msg = h(region(0x14, 0, 0, 4, 4), "".join("".join(r) for r in raw4))
pictures = [
    {"name": "4x4 solid red, then a blue 2x2 in the middle", "screen": [4, 4],
     "messages": [h(region(0x10, 0, 0, 4, 4), "ff0000"), h(region(0x10, 1, 1, 2, 2), "0000ff")],
     "pixels": rows_of([["ff0000"] * 4, ["ff0000", "0000ff", "0000ff", "ff0000"], ["ff0000", "0000ff", "0000ff", "ff0000"], ["ff0000"] * 4])},
    {"name": "raw 4x4", "screen": [4, 4], "messages": [raw4_msg], "pixels": rows_of(raw4)},
    {"name": "copy: scroll up one row (overlapping source and destination)", "screen": [4, 4],
     "messages": [raw4_msg, h(region(0x11, 0, 0, 4, 3), u16(0), u16(1)), h(region(0x10, 0, 3, 4, 1), "000000")],
     "pixels": rows_of(raw4[1:] + [["000000"] * 4])},
    {"name": "copy: scroll down one row (overlapping the other way)", "screen": [4, 4],
     "messages": [raw4_msg, h(region(0x11, 0, 1, 4, 3), u16(0), u16(0))],
     "pixels": rows_of([raw4[0]] + raw4[:3])},
    {"name": "copy: a 2x2 block moved right and down", "screen": [4, 4],
     "messages": [raw4_msg, h(region(0x11, 2, 2, 2, 2), u16(0), u16(0))],
     "pixels": rows_of([raw4[0], raw4[1], raw4[2][:2] + raw4[0][:2], raw4[3][:2] + raw4[1][:2]])},
    {"name": "restore: a 2x2 block dragged right and back gives back what it covered", "screen": [4, 4],
     "messages": [raw4_msg, h(region(0x11, 2, 0, 2, 2), u16(0), u16(0)), h(region(0x11, 0, 0, 2, 2), u16(2), u16(0)),
                  h(region(0x17, 2, 0, 2, 2))],
     "pixels": rows_of(raw4)},
    {"name": "restore: an overlapping copy saves only what lies outside its source; the rest is still black",
     "screen": [4, 4],
     "messages": [raw4_msg, h(region(0x11, 1, 0, 2, 1), u16(0), u16(0)), h(region(0x17, 1, 0, 2, 1))],
     "pixels": rows_of([[raw4[0][0], "000000", raw4[0][2], raw4[0][3]]] + raw4[1:])},
    {"name": "restore after a resize: the save-under is cleared to black", "screen": [4, 4],
     "messages": [raw4_msg, h(region(0x11, 2, 0, 2, 2), u16(0), u16(0)), h(u8(2), u16(4), u16(4)),
                  h(region(0x10, 0, 0, 4, 4), "ff0000"), h(region(0x17, 2, 0, 2, 2))],
     "pixels": rows_of([["ff0000", "ff0000", "000000", "000000"]] * 2 + [["ff0000"] * 4] * 2)},
    {"name": "png 8x8 rgb with none/sub/up filters", "screen": [8, 8],
     "messages": [h(region(0x12, 0, 0, 8, 8), gradient_png)], "pixels": rows_of(gradient)},
    {"name": "png 8x8 indexed, 2 bits per pixel", "screen": [8, 8],
     "messages": [h(region(0x12, 0, 0, 8, 8), indexed_png)], "pixels": rows_of(indexed_pixels)},
    {"name": "bitmap 10x2 over a red screen (padding bits ignored)", "screen": [10, 2],
     "messages": [h(region(0x10, 0, 0, 10, 2), "ff0000"), h(region(0x16, 0, 0, 10, 2), "000000", "aaaaaa", bitmap_bits_padded_with_ones)],
     "pixels": rows_of(bitmap_pixels)},
    {"name": "resize clears to black", "screen": [4, 4],
     "messages": [h(region(0x10, 0, 0, 4, 4), "ff0000"), h(u8(2), u16(2), u16(2)), h(region(0x10, 0, 0, 1, 1), "00ff00")],
     "pixels": rows_of([["00ff00", "000000"], ["000000", "000000"]])},
]
write("pictures.json", {"vectors": pictures})

# KeyboardEvent.code -> protocol scancode -> the keycode of RFB's QEMU extended key event.
keys = [
    ("KeyA", 0x1e), ("KeyQ", 0x10), ("KeyZ", 0x2c), ("Digit1", 0x02), ("Digit0", 0x0b), ("Escape", 0x01),
    ("Enter", 0x1c), ("Space", 0x39), ("Backspace", 0x0e), ("Tab", 0x0f), ("ShiftLeft", 0x2a), ("ShiftRight", 0x36),
    ("ControlLeft", 0x1d), ("ControlRight", 0xe01d), ("AltLeft", 0x38), ("AltRight", 0xe038), ("MetaLeft", 0xe05b),
    ("IntlBackslash", 0x56), ("Backquote", 0x29), ("F1", 0x3b), ("F12", 0x58), ("ArrowUp", 0xe048), ("ArrowLeft", 0xe04b),
    ("Delete", 0xe053), ("Insert", 0xe052), ("Home", 0xe047), ("PageDown", 0xe051), ("NumpadEnter", 0xe01c),
    ("NumpadDivide", 0xe035), ("Numpad7", 0x47), ("NumLock", 0x45), ("PrintScreen", 0xe037), ("ContextMenu", 0xe05d),
]
def rfb(code): return 0x80 | (code & 0x7f) if code >> 8 == 0xe0 else code
write("keys.json", {"vectors": [{"code": c, "scancode": s, "rfbKeycode": rfb(s)} for c, s in keys],
                    "unmapped": ["Unidentified", "Fn", "FnLock", ""]})
print("wrote vectors to", HERE)
