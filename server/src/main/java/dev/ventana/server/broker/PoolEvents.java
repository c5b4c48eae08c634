package dev.ventana.server.broker;

/** What admins did to pools and their entitlements, for the audit trail. */
public sealed interface PoolEvents {
    String actor();

    String pool();

    record PoolCreated(String actor, String pool, String image, PoolSettings settings) implements PoolEvents {
    }

    record PoolChanged(String actor, String pool, PoolSettings before, PoolSettings after) implements PoolEvents {
    }

    record VersionPublished(String actor, PoolVersions.Published published) implements PoolEvents {
        @Override
        public String pool() {
            return published.pool();
        }
    }

    /** The pool's list of application packages was replaced. */
    record PackagesChanged(String actor, PoolPackages.Changed changed) implements PoolEvents {
        @Override
        public String pool() {
            return changed.pool();
        }
    }

    record RolledOut(String actor, PoolVersions.Rollout rollout, java.time.Duration grace) implements PoolEvents {
        @Override
        public String pool() {
            return rollout.pool();
        }
    }

    /** {@code subject} is "user:NAME" or "group:NAME". */
    record Entitled(String actor, String pool, String subject) implements PoolEvents {
    }

    record Unentitled(String actor, String pool, String subject) implements PoolEvents {
    }
}
