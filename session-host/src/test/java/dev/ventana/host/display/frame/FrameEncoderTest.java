package dev.ventana.host.display.frame;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.TestScreens;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.HostMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameEncoderTest {

    private final Picture photo = TestScreens.photo(256, 256);

    @Test
    void whatWentAsJpegIsReportedAsLossy() {
        FrameEncoder encoder = new FrameEncoder(new RegionEncoder(), 256, 256, true);
        FrameEncoder.Encoded encoded = encoder.encode(frame(1, true), photo);
        assertTrue(encoded.messages().stream().anyMatch(HostMessage.Jpeg.class::isInstance));
        assertEquals(List.of(photo.bounds()), encoded.lossy());
        assertEquals(new HostMessage.FrameEnd(1), encoded.messages().getLast());
    }

    @Test
    void aLosslessFrameReportsNothingLossy() {
        FrameEncoder encoder = new FrameEncoder(new RegionEncoder(), 256, 256, true);
        assertEquals(List.of(), encoder.encode(frame(1, false), photo).lossy());
        FrameEncoder noJpeg = new FrameEncoder(new RegionEncoder(), 256, 256, false);
        assertEquals(List.of(), noJpeg.encode(frame(1, true), photo).lossy(), "the browser takes no JPEG");
    }

    private FrameComposer.Frame frame(long number, boolean fastChanging) {
        Rect all = photo.bounds();
        return new FrameComposer.Frame(number, Optional.empty(), List.of(all), List.of(new FrameComposer.Work(all, fastChanging)));
    }
}
