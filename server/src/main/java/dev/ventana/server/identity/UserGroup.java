package dev.ventana.server.identity;

import java.util.List;

/** A group of users, which pools can be given to; members by username, sorted. */
public record UserGroup(String name, String description, List<String> members) {
}
