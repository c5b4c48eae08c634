package dev.ventana.server.portal;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadFormat;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.images.UploadedVersion;
import dev.ventana.server.images.VersionUploads;
import dev.ventana.server.packages.PackageUploads;
import dev.ventana.server.packages.UploadedPackage;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Uploads a version bundle of one image, or of one application package, from the admin's
 * browser. The file goes as the raw request body (UploadFormat.RAW, no multipart parsing)
 * straight into VersionUploads or PackageUploads, which stream it to disk and verify it exactly
 * as POST /api/v1/admin/images/{image}/versions and /api/v1/admin/packages/{name}/versions do:
 * no Vaadin memory or temporary-file buffer holds it first. The upload component shows the
 * progress; the dialog shows the version or the server's refusal.
 */
public final class UploadVersionDialog extends Dialog {
    private final Span status = new Span();

    /** What an accepted bundle became, as the dialog says it, and what the view does then (in the UI). */
    private record Outcome(String text, Runnable then) {
        static Outcome of(String version, String of, long sizeBytes, Runnable then) {
            return new Outcome("Version " + version + " of " + of + " uploaded and verified (" + sizeBytes + " bytes).",
                    then);
        }
    }

    /** Takes one bundle; a refusal is thrown as a VentanaException. */
    @FunctionalInterface
    private interface Receiver {
        Outcome receive(InputStream body, long declaredLength);
    }

    /** {@code actor} is the signed-in admin; {@code uploaded} runs in the UI once a version is registered. */
    public static UploadVersionDialog ofImage(VersionUploads uploads, String image, String actor,
                                              Consumer<UploadedVersion> uploaded) {
        return new UploadVersionDialog("Upload a version of " + image, "A .tar or .tar.gz of one version directory as"
                + " deploy/images writes it: manifest.json and its files. It is verified before anyone can use it, and"
                + " arrives unpublished.", (body, length) -> {
                    UploadedVersion v = uploads.upload(image, body, length, actor);
                    return Outcome.of(v.version(), image, v.sizeBytes(), () -> uploaded.accept(v));
                });
    }

    /** A version of package {@code name}; {@code uploaded} runs in the UI once it is registered. */
    public static UploadVersionDialog ofPackage(PackageUploads uploads, String name, String actor, Runnable uploaded) {
        return new UploadVersionDialog("Upload a version of package " + name, "A .tar or .tar.gz of one package version"
                + " directory as deploy/packages/make.sh --bundle writes it: manifest.json and package.sqfs. It is"
                + " verified before any pool can list it.", (body, length) -> {
                    UploadedPackage p = uploads.upload(name, body, length, actor);
                    return Outcome.of(p.version(), "package " + name, p.sizeBytes(), uploaded);
                });
    }

    private UploadVersionDialog(String title, String helpText, Receiver receiver) {
        setHeaderTitle(title);
        Paragraph help = new Paragraph(helpText);
        help.setMaxWidth("32rem");
        status.setId("upload-status");
        Upload upload = new Upload((UploadHandler) event -> receive(event, receiver));
        upload.setId("version-upload");
        upload.setUploadFormat(UploadFormat.RAW);
        upload.setMaxFiles(1);
        upload.setAcceptedFileTypes(".tar", ".tgz", ".gz", "application/x-tar", "application/gzip");
        // A refusal answers as a rejected file, which the component would call "forbidden".
        upload.setI18n(new UploadI18N().setUploading(new UploadI18N.Uploading()
                .setError(new UploadI18N.Uploading.Error().setForbidden("Refused: see below"))));
        add(help, upload, status);
        Button close = new Button("Close", e -> close());
        close.setId("close-upload");
        getFooter().add(close);
    }

    /** Runs on the upload's request thread, outside the UI lock: the UI is changed through access(). */
    private void receive(UploadEvent event, Receiver receiver) throws IOException {
        UI ui = event.getUI();
        try (InputStream body = event.getInputStream()) {
            Outcome done = receiver.receive(body, event.getFileSize());
            ui.access(() -> {
                status.setText(done.text());
                done.then().run();
            });
        } catch (VentanaException e) {
            event.reject(e.getMessage());
            ui.access(() -> status.setText("Refused: " + e.getMessage()));
        }
    }
}
