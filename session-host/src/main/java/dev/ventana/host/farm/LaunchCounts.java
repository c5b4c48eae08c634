package dev.ventana.host.farm;

/**
 * How this host's launches went since its process started, for the heartbeat's {@code launches}
 * (docs/api.md, "Farm"): the server turns them into the {@code ventana_host_launches} gauges, so a
 * template that keeps failing shows up as fallbacks instead of only as slower launches.
 *
 * <p>The guest engine implements it; FarmConfiguration takes the one bean of this type there is,
 * else {@link #NONE}.
 */
public interface LaunchCounts {
    /** A host that restores nothing: zeros. */
    LaunchCounts NONE = () -> new Launches(0, 0, 0);

    /** The counts now; called once per heartbeat, from the heartbeat's thread. */
    Launches launches();

    /**
     * Every launch is either {@code restored} from a warm template or a {@code coldBoot};
     * {@code fallbacks} are the cold boots that happened because a template failed to make or to
     * restore (an image without templates, or a pool without instant-on, cold-boots without falling
     * back). Counters: they only grow until the host's process restarts.
     */
    record Launches(long restored, long coldBoots, long fallbacks) {
    }
}
