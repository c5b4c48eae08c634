package dev.ventana.host.display.protocol;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.errors.ErrorKind;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** The Java side of the shared vectors in docs/protocol-vectors. */
class ProtocolVectorsTest {

    private final HostMessageEncoder encoder = new HostMessageEncoder();
    private final BrowserMessageDecoder decoder = new BrowserMessageDecoder();

    @TestFactory
    List<DynamicTest> hostMessagesEncodeToTheVectorBytes() {
        return each("host-to-browser.json", v -> {
            byte[] expected = Vectors.hex(v.get("hex").asString());
            assertEquals(Vectors.hex(expected), Vectors.hex(encoder.encode(hostMessage(v.get("message")))));
        });
    }

    @TestFactory
    List<DynamicTest> browserBytesDecodeToTheVectorMessages() {
        return each("browser-to-host.json", v ->
                assertEquals(browserMessage(v.get("message")), decoder.decode(Vectors.hex(v.get("hex").asString()))));
    }

    @TestFactory
    List<DynamicTest> invalidBrowserBytesGiveTheVectorError() {
        return each("invalid-browser-to-host.json", v -> {
            ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> decoder.decode(bytesOf(v)));
            assertEquals(ErrorKind.valueOf(v.get("error").asString()), violation.kind());
        });
    }

    @TestFactory
    List<DynamicTest> connectionsBehaveAsTheSequencesSay() {
        return each("browser-to-host-sequences.json", v -> {
            InputGate gate = new InputGate(InputFlood.standard());
            int w = v.get("screen").get(0).asInt();
            int h = v.get("screen").get(1).asInt();
            for (JsonNode step : v.get("steps")) {
                ByteBuffer bytes = ByteBuffer.wrap(Vectors.hex(step.get(0).asString()));
                String expected = step.get(1).asString();
                switch (expected) {
                    case "ok" -> assertTrue(gate.admit(bytes, w, h, 0).isPresent());
                    case "dropped" -> assertEquals(Optional.empty(), gate.admit(bytes, w, h, 0));
                    default -> assertEquals(ErrorKind.valueOf(expected),
                            assertThrows(ProtocolViolation.class, () -> gate.admit(bytes, w, h, 0)).kind());
                }
            }
        });
    }

    @TestFactory
    List<DynamicTest> keyCodesAreValidAndFoldIntoRfbKeycodes() {
        return each("keys.json", v -> {
            int scancode = v.get("scancode").asInt();
            assertTrue(XtScancode.isValid(scancode));
            assertEquals(v.get("rfbKeycode").asInt(), XtScancode.toRfbKeycode(scancode));
        }, v -> v.get("code").asString());
    }

    @TestFactory
    List<DynamicTest> picturesComeOutOfTheirMessages() {
        return each("pictures.json", v -> {
            Canvas canvas = new Canvas(v.get("screen").get(0).asInt(), v.get("screen").get(1).asInt());
            for (JsonNode message : v.get("messages")) {
                canvas.apply(HostMessageReader.read(Vectors.hex(message.asString())));
            }
            assertArrayEquals(expectedPixels(v.get("pixels")), canvas.rgb());
        });
    }

    /** The reverse of the picture vectors: our own encoder, from the expected picture, repaints it exactly. */
    @TestFactory
    List<DynamicTest> regionEncoderReproducesEveryVectorPicture() {
        return each("pictures.json", v -> {
            int[] pixels = expectedPixels(v.get("pixels"));
            int width = v.get("pixels").get(0).asString().split(" ").length;
            Picture picture = new Picture(width, pixels.length / width, pixels);
            Canvas canvas = new Canvas(picture.width(), picture.height());
            new RegionEncoder().encode(picture, picture.bounds(), false)
                    .forEach(region -> canvas.apply(HostMessageReader.read(encoder.encode(region))));
            assertArrayEquals(pixels, canvas.rgb());
        });
    }

    @TestFactory
    List<DynamicTest> hostVectorsReadBackToTheirMessage() {
        // Keeps the test-only reader honest, since the picture tests rely on it.
        return each("host-to-browser.json", v -> {
            byte[] bytes = Vectors.hex(v.get("hex").asString());
            assertArrayEquals(bytes, encoder.encode(HostMessageReader.read(bytes)));
        });
    }

    @TestFactory
    List<DynamicTest> invalidHostVectorsAreRefusedByTheRecords() {
        // The records refuse what the browser would refuse, so the host cannot send it.
        // (Screen-bound checks need the screen and are the browser's; those vectors are skipped here.)
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : Vectors.load("invalid-host-to-browser.json").get("vectors")) {
            String name = v.get("name").asString();
            if (name.contains("beyond the") || name.contains("without a payload")) {
                continue;
            }
            tests.add(dynamicTest(name, () -> assertThrows(RuntimeException.class,
                    () -> HostMessageReader.read(Vectors.hex(v.get("hex").asString())))));
        }
        assertFalse(tests.isEmpty());
        return tests;
    }

    static int[] expectedPixels(JsonNode rows) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode row : rows) {
            Arrays.stream(row.asString().split(" ")).forEach(p -> out.add(Integer.parseInt(p, 16)));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] bytesOf(JsonNode v) {
        if (v.has("fill")) {
            byte[] bytes = new byte[v.get("fill").get("length").asInt()];
            byte[] head = Vectors.hex(v.get("fill").get("hex").asString());
            System.arraycopy(head, 0, bytes, 0, head.length);
            return bytes;
        }
        return Vectors.hex(v.get("hex").asString());
    }

    static HostMessage hostMessage(JsonNode m) {
        return switch (m.get("type").asString()) {
            case "HELLO" -> new HostMessage.Hello(m.get("version").asInt(), m.get("width").asInt(), m.get("height").asInt(), m.get("window").asInt());
            case "RESIZE" -> new HostMessage.Resize(m.get("width").asInt(), m.get("height").asInt());
            case "FRAME_END" -> new HostMessage.FrameEnd(m.get("frame").asLong());
            case "CURSOR" -> new HostMessage.Cursor(m.get("hotX").asInt(), m.get("hotY").asInt(), m.get("width").asInt(), m.get("height").asInt(),
                    Vectors.hex(m.get("rgba").asString()));
            case "PONG" -> new HostMessage.Pong(m.get("nonce").asLong());
            case "CLIPBOARD" -> new HostMessage.Clipboard(m.get("text").asString());
            case "SOLID" -> new HostMessage.Solid(rect(m), Integer.parseInt(m.get("rgb").asString(), 16));
            case "COPY" -> new HostMessage.Copy(rect(m), m.get("srcX").asInt(), m.get("srcY").asInt());
            case "RESTORE" -> new HostMessage.Restore(rect(m));
            case "PNG" -> new HostMessage.Png(rect(m), Vectors.hex(m.get("payload").asString()));
            case "JPEG" -> new HostMessage.Jpeg(rect(m), Vectors.hex(m.get("payload").asString()));
            case "RAW" -> new HostMessage.Raw(rect(m), Vectors.hex(m.get("payload").asString()));
            case "BITMAP" -> new HostMessage.Bitmap(rect(m), Integer.parseInt(m.get("background").asString(), 16),
                    Integer.parseInt(m.get("foreground").asString(), 16), Vectors.hex(m.get("payload").asString()));
            default -> throw new IllegalArgumentException(m.toString());
        };
    }

    static BrowserMessage browserMessage(JsonNode m) {
        return switch (m.get("type").asString()) {
            case "HELLO" -> new BrowserMessage.Hello(m.get("version").asInt(), m.get("flags").asInt());
            case "KEY" -> new BrowserMessage.Key(m.get("down").asBoolean(), m.get("code").asInt());
            case "POINTER" -> new BrowserMessage.Pointer(m.get("x").asInt(), m.get("y").asInt(), m.get("buttons").asInt());
            case "WHEEL" -> new BrowserMessage.Wheel(m.get("dx").asInt(), m.get("dy").asInt());
            case "FRAME_ACK" -> new BrowserMessage.FrameAck(m.get("frame").asLong());
            case "PING" -> new BrowserMessage.Ping(m.get("nonce").asLong());
            case "REFRESH" -> new BrowserMessage.Refresh();
            case "SET_SIZE" -> new BrowserMessage.SetSize(m.get("width").asInt(), m.get("height").asInt());
            case "CLIPBOARD" -> new BrowserMessage.Clipboard(m.get("text").asString());
            default -> throw new IllegalArgumentException(m.toString());
        };
    }

    private static Rect rect(JsonNode m) {
        return new Rect(m.get("x").asInt(), m.get("y").asInt(), m.get("width").asInt(), m.get("height").asInt());
    }

    private interface Check {
        void run(JsonNode vector) throws Throwable;
    }

    private static List<DynamicTest> each(String file, Check check) {
        return each(file, check, v -> v.get("name").asString());
    }

    private static List<DynamicTest> each(String file, Check check, java.util.function.Function<JsonNode, String> name) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : Vectors.load(file).get("vectors")) {
            tests.add(dynamicTest(name.apply(v), () -> check.run(v)));
        }
        assertFalse(tests.isEmpty(), file + " has no vectors");
        return tests;
    }
}
