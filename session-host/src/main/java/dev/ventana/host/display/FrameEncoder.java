package dev.ventana.host.display;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one frame's work from the screen as it is now (newest picture wins) into the
 * messages to send, in order: RESIZE if any, the regions, FRAME_END. One per connection.
 */
public final class FrameEncoder {

    private final RegionEncoder regions;
    private final boolean browserTakesJpeg;

    public FrameEncoder(RegionEncoder regions, boolean browserTakesJpeg) {
        this.regions = regions;
        this.browserTakesJpeg = browserTakesJpeg;
    }

    public List<HostMessage> encode(FrameComposer.Frame frame, Screen screen, FrameComposer composer) {
        List<HostMessage> messages = new ArrayList<>();
        frame.resize().ifPresent(messages::add);
        for (FrameComposer.Work work : frame.work()) {
            Rect r = work.rect().intersection(screen.bounds());
            if (r == null) {
                continue; // the screen shrank under work composed for the old size
            }
            for (HostMessage.Region region : regions.encode(screen, r, browserTakesJpeg && work.fastChanging())) {
                if (region instanceof HostMessage.Jpeg) {
                    composer.sentLossy(region.rect());
                }
                messages.add(region);
            }
        }
        messages.add(new HostMessage.FrameEnd(frame.number()));
        return messages;
    }
}
