package dev.ventana.server.access;

/**
 * The callers of the authorization matrix, in the order each row calls them: the ones that must
 * be refused first, so that a call that changes something (the owner's logoff, an admin's
 * delete) comes after every refusal was tried on the untouched resources.
 */
enum Principal {
    /** No credentials at all. */
    ANONYMOUS,
    /** The farm token, as session hosts and Prometheus send it. */
    FARM,
    /** A kiosk terminal: signed in by its device key, calling with the session cookie as the viewer does. */
    KIOSK,
    /** A USER who owns none of the row's resources. */
    OTHER,
    /** The USER who owns the row's session and is entitled to its pool. */
    USER,
    /** An ADMIN, who owns none of the row's resources either. */
    ADMIN
}
