package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DamageListTest {

    @Test
    void containedRectanglesAreAbsorbed() {
        DamageList list = new DamageList(8);
        list.add(new Rect(0, 0, 100, 100));
        list.add(new Rect(10, 10, 5, 5));
        assertEquals(List.of(new Rect(0, 0, 100, 100)), list.view());
        list.add(new Rect(0, 0, 200, 200));
        assertEquals(List.of(new Rect(0, 0, 200, 200)), list.view());
    }

    @Test
    void neighboursEdgeToEdgeBecomeOne() {
        DamageList list = new DamageList(8);
        list.add(new Rect(0, 0, 10, 16));
        list.add(new Rect(10, 0, 10, 16));
        list.add(new Rect(0, 16, 20, 16));
        assertEquals(List.of(new Rect(0, 0, 20, 32)), list.view());
    }

    @Test
    void distantRectanglesStaySeparate() {
        DamageList list = new DamageList(8);
        list.add(new Rect(0, 0, 10, 10));
        list.add(new Rect(500, 500, 10, 10));
        assertEquals(2, list.view().size());
    }

    @Test
    void overTheBoundTheCheapestPairMerges() {
        DamageList list = new DamageList(2);
        list.add(new Rect(0, 0, 10, 10));
        list.add(new Rect(500, 500, 10, 10));
        list.add(new Rect(0, 20, 10, 10)); // close to the first: merging those two wastes least
        assertEquals(List.of(new Rect(0, 0, 10, 30), new Rect(500, 500, 10, 10)), list.view());
    }

    @Test
    void drainHandsOverAndEmpties() {
        DamageList list = new DamageList(2);
        list.add(new Rect(1, 1, 1, 1));
        assertEquals(List.of(new Rect(1, 1, 1, 1)), list.drain());
        assertEquals(List.of(), list.view());
    }
}
