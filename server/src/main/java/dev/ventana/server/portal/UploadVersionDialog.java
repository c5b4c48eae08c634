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

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Uploads a version bundle of one image from the admin's browser. The file goes as the raw
 * request body (UploadFormat.RAW, no multipart parsing) straight into VersionUploads, which
 * streams it to disk and verifies it exactly as POST /api/v1/admin/images/{image}/versions
 * does: no Vaadin memory or temporary-file buffer holds it first. The upload component shows
 * the progress; the dialog shows the version or the server's refusal.
 */
public final class UploadVersionDialog extends Dialog {
    private final Span status = new Span();

    /** {@code actor} is the signed-in admin; {@code uploaded} runs in the UI once a version is registered. */
    public UploadVersionDialog(VersionUploads uploads, String image, String actor, Consumer<UploadedVersion> uploaded) {
        setHeaderTitle("Upload a version of " + image);
        Paragraph help = new Paragraph("A .tar or .tar.gz of one version directory as deploy/images writes it:"
                + " manifest.json and its files. It is verified before anyone can use it, and arrives unpublished.");
        help.setMaxWidth("32rem");
        status.setId("upload-status");
        Upload upload = new Upload((UploadHandler) event -> receive(event, uploads, image, actor, uploaded));
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
    private void receive(UploadEvent event, VersionUploads uploads, String image, String actor,
                         Consumer<UploadedVersion> uploaded) throws IOException {
        UI ui = event.getUI();
        try (InputStream body = event.getInputStream()) {
            UploadedVersion version = uploads.upload(image, body, event.getFileSize(), actor);
            ui.access(() -> {
                status.setText("Version " + version.version() + " of " + image + " uploaded and verified ("
                        + version.sizeBytes() + " bytes).");
                uploaded.accept(version);
            });
        } catch (VentanaException e) {
            event.reject(e.getMessage());
            ui.access(() -> status.setText("Refused: " + e.getMessage()));
        }
    }
}
