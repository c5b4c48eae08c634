package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * The request body, counted as it is read: refused as TOO_LARGE the moment it passes the limit
 * (a chunked body declares no length up front), and each read reported for the upload's progress.
 */
public final class CountingStream extends FilterInputStream {
    private final long limit;
    private final LongConsumer progress;
    private final String limitSetting;
    private long count;

    CountingStream(InputStream in, long limit, LongConsumer progress) {
        this(in, limit, progress, "ventana.images.max-upload");
    }

    /** {@code limitSetting} names the setting of {@code limit} in a refusal. */
    public CountingStream(InputStream in, long limit, LongConsumer progress, String limitSetting) {
        super(in);
        this.limit = limit;
        this.progress = progress;
        this.limitSetting = limitSetting;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) {
        count += n;
        progress.accept(count);
        if (count > limit) {
            throw new VentanaException(ErrorKind.TOO_LARGE, "The bundle is larger than the upload limit of "
                    + limit + " bytes (" + limitSetting + ").");
        }
    }
}
