package dev.ventana.server.portal;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.ventana.server.images.VersionUploads;
import jakarta.annotation.security.RolesAllowed;

/** Test only: opens the upload dialog for the tiny image until the Images view does. */
@Route("test/upload-version")
@RolesAllowed("ADMIN")
public class UploadVersionTestRoute extends Div {
    UploadVersionTestRoute(VersionUploads uploads, AuthenticationContext auth) {
        new UploadVersionDialog(uploads, "tiny", auth.getPrincipalName().orElseThrow(), v -> {
        }).open();
    }
}
