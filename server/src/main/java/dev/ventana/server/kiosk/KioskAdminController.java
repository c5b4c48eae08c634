package dev.ventana.server.kiosk;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Registers thin-client terminals; ADMIN only (under /api/v1/admin). */
@RestController
@RequestMapping("/api/v1/admin/kiosks")
class KioskAdminController {
    private final KioskDevices devices;

    KioskAdminController(KioskDevices devices) {
        this.devices = devices;
    }

    record NewKiosk(String name, String username, String pool) {
    }

    record RegisteredKiosk(String name, String startPath) {
    }

    @Operation(summary = "Register a kiosk; the answer holds its start address, shown only this once")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RegisteredKiosk register(@RequestBody NewKiosk kiosk) {
        return new RegisteredKiosk(kiosk.name(), "/kiosk/" + devices.register(kiosk.name(), kiosk.username(), kiosk.pool()));
    }

    @Operation(summary = "The registered kiosks (without their keys)")
    @GetMapping
    List<KioskDevice> list() {
        return devices.all();
    }
}
