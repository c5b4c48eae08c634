package dev.ventana.server.hosts;

/** What a host says about one of its guests. {@code state} is the host's lifecycle word. */
public record GuestStatus(String id, String state, String reason, Screen screen) {

    public record Screen(int width, int height) {
    }

    public boolean running() {
        return "RUNNING".equals(state);
    }

    public boolean ended() {
        return "STOPPED".equals(state) || "FAILED".equals(state);
    }
}
