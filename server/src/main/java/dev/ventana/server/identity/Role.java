package dev.ventana.server.identity;

public enum Role {
    USER, ADMIN;

    /** The name Spring Security's hasRole() and @RolesAllowed compare against. */
    public String authority() {
        return "ROLE_" + name();
    }
}
