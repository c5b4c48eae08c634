package dev.ventana.server.kiosk;

import dev.ventana.server.broker.DesktopSession;
import dev.ventana.server.broker.SessionBroker;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.identity.DeviceSignIn;
import dev.ventana.server.identity.UserAccount;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.HtmlUtils;

import java.net.URI;
import java.util.Optional;

/**
 * {@code /kiosk/<device key>}: the start page of a thin-client terminal. It signs the device in,
 * launches (or finds) its desktop and hands over to the viewer in kiosk mode, which reconnects
 * forever and comes back here when its sign-in or its session is gone.
 */
@Controller
class KioskController {
    private final KioskDevices devices;
    private final DeviceSignIn signIn;
    private final SessionBroker broker;

    KioskController(KioskDevices devices, DeviceSignIn signIn, SessionBroker broker) {
        this.devices = devices;
        this.signIn = signIn;
        this.broker = broker;
    }

    @GetMapping("/kiosk/{key}")
    ResponseEntity<String> start(@PathVariable String key, HttpServletRequest request, HttpServletResponse response) {
        Optional<KioskDevice> device = devices.signIn(key);
        if (device.isEmpty()) {
            return page(401, "This terminal is not registered, or it was disabled. Ask your administrator for its address.");
        }
        try {
            UserAccount user = signIn.signIn(device.get().username(), device.get().name(), request, response);
            DesktopSession session = broker.launch(user, device.get().pool());
            URI viewer = URI.create("/viewer/viewer.html?kiosk=1&session=" + session.id() + "&home=/kiosk/" + key);
            return ResponseEntity.status(303).location(viewer).build();
        } catch (VentanaException e) {
            // A kiosk has nobody to click Retry: the page tries again by itself.
            return page(e.kind().status().value(), e.getMessage());
        }
    }

    private static ResponseEntity<String> page(int status, String message) {
        String html = """
                <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
                <title>Ventana</title><style>body{font:1.4rem system-ui,sans-serif;background:#111;color:#eee;
                display:grid;place-items:center;height:100vh;margin:0}</style></head>
                <body><p>%s<br><small>Trying again in 15 seconds.</small></p></body></html>"""
                .formatted(HtmlUtils.htmlEscape(message));
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.TEXT_HTML).body(html);
    }
}
