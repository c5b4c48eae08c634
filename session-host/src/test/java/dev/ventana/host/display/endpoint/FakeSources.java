package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.source.Refusal;
import dev.ventana.host.display.source.ScreenSource;
import dev.ventana.host.display.source.ScreenSources;
import dev.ventana.host.display.source.ScreenViewer;
import dev.ventana.host.display.source.ViewerRole;
import dev.ventana.host.errors.ErrorKind;

/** One known guest, "g-1". */
final class FakeSources implements ScreenSources {
    final FakeScreen screen;
    int leases;

    FakeSources(FakeScreen screen) {
        this.screen = screen;
    }

    @Override
    public Lease open(String guestId, ScreenViewer viewer, ViewerRole role) throws Refusal {
        if (!guestId.equals("g-1")) {
            throw new Refusal(Ending.of(ErrorKind.NOT_FOUND), "no guest " + guestId);
        }
        screen.viewers.add(viewer);
        leases++;
        return new Lease() {
            boolean closed;

            @Override
            public ScreenSource source() {
                return screen;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    leases--;
                    screen.viewers.remove(viewer);
                }
            }
        };
    }
}
