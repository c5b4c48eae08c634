package dev.ventana.server.identity;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Groups of users, for entitlements; ADMIN only (see SecurityConfiguration). */
@RestController
@RequestMapping("/api/v1/admin/groups")
class GroupAdminController {
    private final Groups groups;

    GroupAdminController(Groups groups) {
        this.groups = groups;
    }

    record NewGroup(String name, String description) {
    }

    record Members(List<String> usernames) {
    }

    @Operation(summary = "Every group with its members")
    @GetMapping
    List<UserGroup> list() {
        return groups.all();
    }

    @Operation(summary = "Create a group")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserGroup create(@RequestBody NewGroup group, Authentication caller) {
        return groups.create(caller.getName(), group.name(), group.description());
    }

    @Operation(summary = "Replace a group's members: every username must exist, or nothing changes")
    @PutMapping("/{name}/members")
    UserGroup setMembers(@PathVariable String name, @RequestBody Members members, Authentication caller) {
        return groups.setMembers(caller.getName(), name, members.usernames());
    }

    @Operation(summary = "Delete a group; its entitlements go with it, its members' accounts stay")
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name, Authentication caller) {
        groups.delete(caller.getName(), name);
    }
}
