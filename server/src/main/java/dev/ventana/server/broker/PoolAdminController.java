package dev.ventana.server.broker;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import dev.ventana.server.hosts.GuestRequest;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** Pools and their entitlements, for admins (ADMIN role, see SecurityConfiguration); fields in docs/api.md. */
@RestController
@RequestMapping("/api/v1/admin/pools")
class PoolAdminController {
    private final Pools pools;
    private final Entitlements entitlements;
    private final PoolVersions versions;
    private final PoolPackages packages;

    PoolAdminController(Pools pools, Entitlements entitlements, PoolVersions versions, PoolPackages packages) {
        this.pools = pools;
        this.entitlements = entitlements;
        this.versions = versions;
        this.packages = packages;
    }

    record PackageList(List<GuestRequest.PackageRef> packages) {
    }

    @Operation(summary = "The application packages the pool's new sessions get, in order")
    @GetMapping("/{name}/packages")
    PackageList packages(@PathVariable String name) {
        return new PackageList(packages.of(name));
    }

    @Operation(summary = "Replace the pool's packages (the whole ordered list, at most 16): sessions started afterwards"
            + " get them, running ones keep theirs until logoff and are told")
    @PutMapping("/{name}/packages")
    PoolPackages.Changed changePackages(@PathVariable String name, @RequestBody PackageList list, Authentication caller) {
        return packages.change(caller.getName(), name, list == null ? null : list.packages());
    }

    record VersionChoice(String version) {
    }

    record RolloutRequest(Integer graceMinutes, String message) {
    }

    @Operation(summary = "Publish an image version in the pool: sessions started afterwards use it, running ones keep"
            + " theirs until logoff and are told; publishing an older version rolls back")
    @PutMapping("/{name}/version")
    PoolVersions.Published publish(@PathVariable String name, @RequestBody VersionChoice choice, Authentication caller) {
        return versions.publish(caller.getName(), name, choice == null ? null : choice.version());
    }

    @Operation(summary = "Log off, after graceMinutes with a countdown and the message in their viewers, every session"
            + " of the pool still on an older version")
    @PostMapping("/{name}/rollout")
    PoolVersions.Rollout rollout(@PathVariable String name, @RequestBody RolloutRequest request, Authentication caller) {
        return versions.rollout(caller.getName(), name, request == null ? null : request.graceMinutes(),
                request == null ? null : request.message());
    }

    record PoolView(String name, String displayName, String image, String version, PoolKind kind, String application,
                    String icon, int vcpus, int memoryMiB, PoolNetwork network, Integer maxSessions, boolean enabled,
                    boolean openToAllUsers, Integer disconnectTimeoutSeconds, Integer idleTimeoutSeconds,
                    Integer maxSessionLengthSeconds, boolean instantOn, boolean pageSharing,
                    DisplayPolicy.Clipboard clipboard, boolean resize, int maxWidth, int maxHeight) {
        static PoolView of(Pool p) {
            PoolSettings s = p.settings();
            DisplayPolicy d = s.display();
            return new PoolView(p.name(), s.displayName(), p.image(), p.version(), s.kind(), s.application(), p.icon(),
                    s.vcpus(), s.memoryMib(), s.network(), s.maxSessions(), s.enabled(), s.openToAllUsers(),
                    SessionPolicy.seconds(s.policy().disconnectTimeout()), SessionPolicy.seconds(s.policy().idleTimeout()),
                    SessionPolicy.seconds(s.policy().maxLength()), s.instantOn(), s.pageSharing(), d.clipboard(),
                    d.resize(), d.maxWidth(), d.maxHeight());
        }
    }

    @Operation(summary = "Every pool with its settings")
    @GetMapping
    List<PoolView> list() {
        return pools.all().stream().map(PoolView::of).toList();
    }

    @Operation(summary = "Create a pool: name, image and kind are fixed from then on; version defaults to the"
            + " image's newest")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    PoolView create(@RequestBody JsonNode body, Authentication caller) {
        PoolSettings settings = PoolForm.create(body);
        return PoolView.of(pools.create(caller.getName(), body.path("name").asString(null),
                body.path("image").asString(null), settings));
    }

    @Operation(summary = "Change some of a pool's settings; a field sent as null switches it off")
    @PatchMapping("/{name}")
    PoolView change(@PathVariable String name, @RequestBody JsonNode body, Authentication caller) {
        return PoolView.of(pools.change(caller.getName(), name, PoolForm.patch(pools.get(name).settings(), body)));
    }

    @Operation(summary = "The users and groups the pool is given to")
    @GetMapping("/{name}/entitlements")
    List<Entitlement> entitlements(@PathVariable String name) {
        return entitlements.of(name);
    }

    @Operation(summary = "Give the pool to a user ({\"user\"}) or a group ({\"group\"})")
    @PostMapping("/{name}/entitlements")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void grant(@PathVariable String name, @RequestBody Entitlement who, Authentication caller) {
        entitlements.grant(caller.getName(), name, who);
    }

    @Operation(summary = "Take the pool from a user or a group (JSON body, or ?user= / ?group=); running sessions"
            + " stay until they end")
    @DeleteMapping("/{name}/entitlements")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String name, @RequestBody(required = false) Entitlement body,
                @RequestParam(required = false) String user, @RequestParam(required = false) String group,
                Authentication caller) {
        entitlements.revoke(caller.getName(), name, body != null ? body : new Entitlement(user, group));
    }
}
