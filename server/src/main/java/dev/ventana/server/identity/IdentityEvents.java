package dev.ventana.server.identity;

import java.util.Set;

/** What happened to identities, for the audit trail. {@code actor} is who did it. */
public sealed interface IdentityEvents {
    String actor();

    record UserCreated(String actor, String username, Set<Role> roles) implements IdentityEvents {
    }

    record PasswordReset(String actor, String username) implements IdentityEvents {
    }

    record RolesChanged(String actor, String username, Set<Role> roles) implements IdentityEvents {
    }

    record GroupCreated(String actor, String group) implements IdentityEvents {
    }

    record GroupDeleted(String actor, String group) implements IdentityEvents {
    }

    record MembersSet(String actor, String group, java.util.List<String> usernames) implements IdentityEvents {
    }

    record SignedIn(String actor) implements IdentityEvents {
    }

    /**
     * {@code actor} is the name that was typed: it may not exist. {@code reason} is why (a wrong
     * password and an unknown name are one reason), {@code address} the client's address.
     */
    record SignInFailed(String actor, String reason, String address) implements IdentityEvents {
    }
}
