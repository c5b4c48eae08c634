package dev.ventana.host.guest;

/** What QEMU said or did when it ended, as a guest's reason. */
final class QemuMessage {
    private QemuMessage() {
    }

    /** QEMU's own words, except where the user can be told what they mean. */
    static String inPlainWords(String qemuMessage) {
        if (qemuMessage.contains("Is another process using the image")) {
            // QEMU's write lock on the data disk: the farm's last guard against two writers.
            return ": the user's data disk is in use by another desktop of theirs, on this or another host;"
                    + " it opens once that one has ended";
        }
        return ": " + qemuMessage;
    }

    /** How a QEMU child process ended. */
    static String exit(Process p) {
        int code = p.exitValue();
        return code > 128 ? "QEMU was killed by signal " + (code - 128) : "QEMU exited with status " + code;
    }
}
