package dev.ventana.host.display.source;

/**
 * How a viewer watches a guest. The {@code USER} is the person working in it: one at a time, a
 * new one takes the guest over, and their input reaches the guest. A {@code SHADOW} is an
 * administrator watching read-only: it joins beside the user without taking anyone over, no user
 * takes it over, it is not counted among the guest's viewers in its activity (so the session
 * policies see a user who left as gone even while a shadow watches), its input never reaches the
 * guest, and a guest has at most {@link RfbScreenSources#MAX_SHADOWS} of them.
 */
public enum ViewerRole {
    USER, SHADOW
}
