package dev.ventana.host.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The host's end of a guest's channel (docs/session-host.md, "Guest channel"): the virtio-serial
 * port {@code dev.ventana.agent}, which QEMU offers on a Unix socket in the run directory. One
 * message per line of UTF-8, at most {@link #MAX_LINE} bytes: {@code VERB [argument]}. The guest
 * controls what it writes, so a line that is too long or not UTF-8 ends the channel (the guest
 * runs on without it) rather than growing a buffer. A reader thread queues what the guest says,
 * at most {@link #MAX_QUEUED} messages; {@link #next} takes them, {@link #send} writes.
 * Not for concurrent senders.
 */
final class GuestChannel implements AutoCloseable {
    static final int MAX_LINE = 1024;
    static final int MAX_QUEUED = 64;
    private static final Message CLOSED = new Message.Closed("the guest closed its channel");

    /** What the guest says. */
    sealed interface Message {
        /** Its agent waits for a user, {@code uptimeSeconds} after the kernel started. */
        record Ready(double uptimeSeconds) implements Message {
        }

        /** It set its clock as told: its time now, in seconds since the epoch. */
        record ClockSet(long epochSeconds) implements Message {
        }

        /**
         * It started the user's session as SESSION asked, {@code uptimeSeconds} after its kernel
         * started; {@code packagesMissing} names the packages it could not attach (the session runs
         * without them).
         */
        record SessionStarted(double uptimeSeconds, java.util.List<String> packagesMissing) implements Message {
            public SessionStarted {
                packagesMissing = java.util.List.copyOf(packagesMissing);
            }

            SessionStarted(double uptimeSeconds) {
                this(uptimeSeconds, java.util.List.of());
            }
        }

        /** It could not start the session: a word such as no-data-disk, invalid or already-started. */
        record SessionFailed(String why) implements Message {
        }

        /** Its desktop took the size DISPLAY-SIZE asked for ({@code WxH}). */
        record DisplaySizeSet(String size) implements Message {
        }

        /** It could not: a word such as unsupported (no desktop in this image), no-desktop, invalid or refused. */
        record DisplaySizeFailed(String why) implements Message {
        }

        /**
         * One .desktop file the packaging guest's installation added, in answer to PACKAGE-SCAN:
         * {@code file} its name, then its Name, its Exec without %-codes and its Icon (each may be empty).
         */
        record PackageEntry(String file, String name, String command, String icon) implements Message {
        }

        /** The end of the scan: {@code count} entries were sent. */
        record PackageScanned(int count) implements Message {
        }

        /** PACKAGE-SEAL's squashfs is on the output disk from offset 0, {@code bytesUsed} long; {@code os} is ID-VERSION_ID. */
        record PackageSealed(long bytesUsed, String os) implements Message {
        }

        /** A packaging verb failed: one word such as not-packaging, no-changes, mksquashfs or too-large. */
        record PackageFailed(String why) implements Message {
        }

        /** A verb this host does not know (a newer agent): ignored, never fatal. */
        record Unknown(String line) implements Message {
        }

        /** The channel is over: closed, or the guest broke the protocol. */
        record Closed(String why) implements Message {
        }
    }

    private final SocketChannel socket;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>(MAX_QUEUED);

    private GuestChannel(SocketChannel socket) {
        this.socket = socket;
        Thread.ofVirtual().name("channel-reader").start(this::read);
    }

    /** Connects to the socket QEMU listens on, trying until {@code within} is over (QEMU may not have made it yet). */
    static GuestChannel connect(Path socketPath, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                s.connect(UnixDomainSocketAddress.of(socketPath));
                return new GuestChannel(s);
            } catch (IOException e) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The guest's next message, {@link Message.Closed} once the channel is over; empty after {@code timeout}. */
    Optional<Message> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Passes over what the agent said before this host connected, until it is quiet for
     * {@code quiet} (at most {@code max} messages): answers nobody was connected to read reach the
     * next host that connects, and would be taken for the answers to its own questions.
     */
    void drain(Duration quiet, int max) throws InterruptedException {
        for (int i = 0; i < max; i++) {
            Optional<Message> m = next(quiet);
            if (m.isEmpty() || m.get() instanceof Message.Closed) {
                return;
            }
        }
    }

    /**
     * The next message of one of the {@code wanted} kinds, {@link Message.Closed} once the channel is
     * over, or null after {@code within}. Anything else is passed over: the agent's answers that no
     * host was connected to read (a host that gave up waiting, a HELLO sent before the agent ran)
     * reach the next host that connects, ahead of its own conversation.
     */
    @SafeVarargs
    final Message await(Duration within, Class<? extends Message>... wanted) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Optional<Message> m = left > 0 ? next(Duration.ofNanos(left)) : Optional.empty();
            if (m.isEmpty() || m.get() instanceof Message.Closed) {
                return m.orElse(null);
            }
            for (Class<? extends Message> w : wanted) {
                if (w.isInstance(m.get())) {
                    return m.get();
                }
            }
        }
    }

    void send(String verb, String argument) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((verb + " " + argument + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            socket.write(line);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to tell
        }
    }

    private void read() {
        try (InputStream in = Channels.newInputStream(socket)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    if (line.size() >= MAX_LINE) {
                        offer(new Message.Closed("the guest sent a line of over " + MAX_LINE + " bytes"));
                        return;
                    }
                    line.write(b);
                    continue;
                }
                Message m = parse(line.toByteArray());
                line.reset();
                if (!offer(m) || m instanceof Message.Closed) {
                    return;
                }
            }
            offer(CLOSED);
        } catch (IOException e) {
            offer(CLOSED);
        } finally {
            close();
        }
    }

    /** False when the queue is full: a guest that floods the channel loses it. */
    private boolean offer(Message m) {
        if (received.offer(m)) {
            return true;
        }
        received.clear();
        received.offer(new Message.Closed("the guest sent over " + MAX_QUEUED + " messages unread"));
        return false;
    }

    private static double uptime(String argument) {
        double seconds = Double.parseDouble(argument);
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new NumberFormatException(argument);
        }
        return seconds;
    }

    /** {@code <uptime> [packages-missing=<name>,...]}; other keys (a newer image's) are passed over. */
    private static Message sessionStarted(String argument) {
        String[] words = argument.split(" +");
        java.util.List<String> missing = java.util.List.of();
        for (int i = 1; i < words.length; i++) {
            if (words[i].startsWith("packages-missing=")) {
                missing = java.util.List.of(words[i].substring("packages-missing=".length()).split(","));
                if (!missing.stream().allMatch(n -> GuestPackage.NAME.matcher(n).matches())) {
                    throw new NumberFormatException(words[i]);
                }
            }
        }
        return new Message.SessionStarted(uptime(words[0]), missing);
    }

    /** {@code <file>|<Name>|<Exec>|<Icon>}: a file name (no '/'), the others possibly empty. */
    private static Message packageEntry(String argument) {
        String[] f = argument.split("\\|", -1);
        if (f.length != 4 || f[0].isEmpty() || f[0].contains("/") || f[0].equals(".") || f[0].equals("..")) {
            throw new NumberFormatException(argument);
        }
        return new Message.PackageEntry(f[0], f[1].strip(), f[2].strip(), f[3].strip());
    }

    /** {@code <bytes_used> <os>}: a positive count, one word. */
    private static Message packageSealed(String argument) {
        String[] words = argument.split(" ");
        long bytes = Long.parseLong(words[0]);
        if (words.length != 2 || bytes <= 0) {
            throw new NumberFormatException(argument);
        }
        return new Message.PackageSealed(bytes, word(words[1]));
    }

    private static int count(String argument) {
        int n = Integer.parseInt(argument);
        if (n < 0) {
            throw new NumberFormatException(argument);
        }
        return n;
    }

    /** One word of letters, digits, '.', '_' or '-', at most 100: it goes into an answer and a manifest. */
    private static String word(String argument) {
        if (!argument.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new NumberFormatException(argument);
        }
        return argument;
    }

    /** One line, without its newline. */
    static Message parse(byte[] bytes) {
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString().strip();
        } catch (CharacterCodingException e) {
            return new Message.Closed("the guest sent a line that is not UTF-8");
        }
        String[] words = line.split(" ", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        try {
            return switch (words[0]) {
                case "READY" -> new Message.Ready(uptime(argument));
                case "CLOCK-SET" -> new Message.ClockSet(Long.parseLong(argument));
                case "SESSION-STARTED" -> sessionStarted(argument);
                case "SESSION-FAILED" -> new Message.SessionFailed(argument);
                case "DISPLAY-SIZE-SET" -> new Message.DisplaySizeSet(argument);
                case "DISPLAY-SIZE-FAILED" -> new Message.DisplaySizeFailed(argument);
                case "PACKAGE-ENTRY" -> packageEntry(argument);
                case "PACKAGE-SCANNED" -> new Message.PackageScanned(count(argument));
                case "PACKAGE-SEALED" -> packageSealed(argument);
                case "PACKAGE-FAILED" -> new Message.PackageFailed(word(argument));
                default -> new Message.Unknown(line);
            };
        } catch (NumberFormatException e) {
            return new Message.Closed("the guest sent '" + words[0] + "' with a malformed argument");
        }
    }
}
