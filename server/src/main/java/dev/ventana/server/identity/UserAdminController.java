package dev.ventana.server.identity;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** User administration for scripts; ADMIN only (see SecurityConfiguration). */
@RestController
@RequestMapping("/api/v1/admin/users")
class UserAdminController {
    private final UserDirectory users;

    UserAdminController(UserDirectory users) {
        this.users = users;
    }

    record UserView(String username, String displayName, List<String> roles, boolean enabled, Instant createdAt) {
        static UserView of(UserAccount u) {
            return new UserView(u.username(), u.displayName(), u.roles().stream().map(Role::name).sorted().toList(),
                    u.enabled(), u.createdAt());
        }
    }

    record PasswordChange(String password) {
        @Override
        public String toString() {
            return "PasswordChange[]";
        }
    }

    record RoleChange(Set<Role> roles) {
    }

    @Operation(summary = "List all users")
    @GetMapping
    List<UserView> list() {
        return users.all().stream().map(UserView::of).toList();
    }

    @Operation(summary = "Create a user")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@RequestBody NewUser user, Authentication caller) {
        return UserView.of(users.create(user, caller.getName()));
    }

    @Operation(summary = "Set a user's password")
    @PostMapping("/{username}/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void resetPassword(@PathVariable String username, @RequestBody PasswordChange change, Authentication caller) {
        users.resetPassword(username, change.password(), caller.getName());
    }

    @Operation(summary = "Replace a user's roles")
    @PutMapping("/{username}/roles")
    UserView setRoles(@PathVariable String username, @RequestBody RoleChange change, Authentication caller) {
        return UserView.of(users.setRoles(username, change.roles(), caller.getName()));
    }
}
