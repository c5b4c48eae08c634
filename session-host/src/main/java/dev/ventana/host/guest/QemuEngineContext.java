package dev.ventana.host.guest;

import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import tools.jackson.databind.ObjectMapper;

/** The engine's collaborators that each guest uses. */
record QemuEngineContext(QemuSettings settings, ObjectMapper json, RunDirectory runDirectory, Disks disks,
        Accelerator accelerator, QemuCommand command, BootWatch bootWatch, OrderlyStop orderlyStop,
        Semaphore bootSlots, Consumer<GuestInfo> listener) {

    void notify(GuestInfo info) {
        listener.accept(info);
    }
}
