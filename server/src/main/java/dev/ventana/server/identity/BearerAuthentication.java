package dev.ventana.server.identity;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * A valid token proves who the caller is; what they may do is read from the database on every
 * call, so a revoked role or a disabled account takes effect at once, not when the token expires.
 */
@Component
class BearerAuthentication implements Converter<Jwt, AbstractAuthenticationToken> {
    private final UserDirectory users;

    BearerAuthentication(UserDirectory users) {
        this.users = users;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        UserAccount user = users.find(jwt.getSubject())
                .filter(UserAccount::enabled)
                .orElseThrow(() -> new InvalidBearerTokenException("The token's user no longer exists or is disabled."));
        return new JwtAuthenticationToken(jwt,
                user.authorities(),
                user.username());
    }
}
