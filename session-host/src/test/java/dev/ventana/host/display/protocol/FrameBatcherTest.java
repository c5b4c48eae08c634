package dev.ventana.host.display.protocol;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

class FrameBatcherTest {
    private final FrameBatcher batcher = new FrameBatcher();

    @TestFactory
    List<DynamicTest> aFrameIsJoinedAsTheSharedVectorsSpellIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : Vectors.load("batches.json").get("vectors")) {
            tests.add(dynamicTest(v.get("name").asString(), () -> {
                List<byte[]> parts = new ArrayList<>();
                v.get("parts").forEach(p -> parts.add(Vectors.hex(p.asString())));
                List<byte[]> joined = batcher.join(parts);
                assertEquals(1, joined.size());
                assertEquals(v.get("hex").asString(), Vectors.hex(joined.getFirst()));
            }));
        }
        return tests;
    }

    @Test
    void aLoneMessageGoesAsItself() {
        byte[] frameEnd = Vectors.hex("0300000001");
        List<byte[]> joined = batcher.join(List.of(frameEnd));
        assertEquals(1, joined.size());
        assertArrayEquals(frameEnd, joined.getFirst());
    }

    @Test
    void largeMessagesGoAloneAndBatchesStayUnderTheLimit() {
        byte[] tile = new byte[FrameBatcher.LIMIT];
        tile[0] = 0x12;
        byte[] glyph = new byte[20_000];
        glyph[0] = 0x16;
        byte[] frameEnd = Vectors.hex("0300000007");
        List<byte[]> joined = batcher.join(List.of(glyph, tile, glyph, glyph, glyph, glyph, frameEnd));
        assertArrayEquals(glyph, joined.get(0), "alone before the large one");
        assertArrayEquals(tile, joined.get(1));
        assertEquals(0x08, joined.get(2)[0]);
        assertEquals(3 * (3 + 20_000) + 1, joined.get(2).length, "three glyphs fill a batch");
        assertEquals(1 + 2 * 3 + 20_000 + 5, joined.get(3).length, "the last glyph and the frame end");
        joined.forEach(m -> assertTrue(m.length <= FrameBatcher.LIMIT));
    }
}
