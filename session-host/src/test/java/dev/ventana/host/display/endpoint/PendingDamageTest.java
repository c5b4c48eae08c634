package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.display.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingDamageTest {

    @Test
    void takeHandsOverTheRectanglesAndTheLastTimeAndStartsEmpty() {
        PendingDamage pending = new PendingDamage();
        pending.add(List.of(new Rect(0, 0, 4, 4)), 10);
        pending.add(List.of(new Rect(8, 8, 2, 2)), 20);
        assertThat(pending.take()).isEqualTo(new PendingDamage.Batch(List.of(new Rect(0, 0, 4, 4), new Rect(8, 8, 2, 2)), 20));
        assertThat(pending.take().rects()).isEmpty();
    }

    @Test
    void beyondTheBoundTheRectanglesMergeIntoTheirBoundingBox() {
        PendingDamage pending = new PendingDamage();
        for (int i = 0; i < PendingDamage.MAX_RECTS; i++) {
            pending.add(List.of(new Rect(i, 2 * i, 1, 1)), i);
        }
        assertThat(pending.take().rects()).hasSize(PendingDamage.MAX_RECTS);
        for (int i = 0; i <= PendingDamage.MAX_RECTS; i++) {
            pending.add(List.of(new Rect(i, 2 * i, 1, 1)), i);
        }
        int n = PendingDamage.MAX_RECTS;
        assertThat(pending.take().rects()).containsExactly(new Rect(0, 0, n + 1, 2 * n + 1));
    }
}
