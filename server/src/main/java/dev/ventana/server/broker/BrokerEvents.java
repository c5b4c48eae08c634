package dev.ventana.server.broker;

import java.util.UUID;

/** Session lifecycle facts, for the audit trail. */
public sealed interface BrokerEvents {
    String actor();

    record SessionLaunched(String actor, UUID session, String pool, String host) implements BrokerEvents {
    }

    record SessionEnded(String actor, UUID session, String state, String reason) implements BrokerEvents {
    }

    record MessageSent(String actor, UUID session, String text) implements BrokerEvents {
    }

    /** A session policy acted: {@code action} is the audit action, such as session.idle_warned. */
    record PolicyApplied(UUID session, String action, String detail) implements BrokerEvents {
        @Override
        public String actor() {
            return "policy";
        }
    }
}
