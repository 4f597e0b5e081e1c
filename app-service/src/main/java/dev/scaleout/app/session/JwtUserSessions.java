package dev.scaleout.app.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code jwt}: the server keeps no sessions, so it keeps the user's logins: a
 * {@link SessionIndex} of token ids (written at login and logout only). "Log out
 * everywhere else" raises the user's revocation epoch, which ends every token issued
 * before, listed or not; a login beyond the limit deny-lists the oldest tokens. Nothing
 * on the server sees a token used, so a listed login has no "last seen", and one whose
 * token simply idled out stays listed until the user ends the others.
 */
class JwtUserSessions implements UserSessions {

	private final JwtSessionStore tokens;

	private final SessionIndex index;

	private final int maxPerUser;

	JwtUserSessions(JwtSessionStore tokens, SessionIndex index, int maxPerUser) {
		this.tokens = tokens;
		this.index = index;
		this.maxPerUser = maxPerUser;
	}

	@Override
	public List<UserSession> list(HttpServletRequest request) {
		String current = this.tokens.tokenId(request);
		List<UserSession> list = new ArrayList<>();
		for (Map.Entry<String, Instant> login : this.index.sessions(this.tokens.load(request).user()).entrySet()) {
			list.add(new UserSession(UserSessions.handle(login.getKey()), login.getValue(), null,
					login.getKey().equals(current)));
		}
		return list;
	}

	@Override
	public int endOthers(HttpServletRequest request, HttpServletResponse response) {
		String user = this.tokens.load(request).user();
		String current = this.tokens.tokenId(request);
		List<String> others = new ArrayList<>(this.index.sessions(user).keySet());
		others.remove(current);
		this.tokens.revokeOthers(request, response);
		this.index.remove(user, others.toArray(String[]::new));
		return others.size();
	}

	@Override
	public void loggedIn(HttpServletRequest request, HttpServletResponse response) {
		String user = this.tokens.load(request).user();
		for (String evicted : this.index.add(user, this.tokens.tokenId(request), Instant.now(), this.maxPerUser)) {
			this.tokens.revoke(evicted);
		}
	}

	@Override
	public void loggedOut(HttpServletRequest request) {
		String user = this.tokens.load(request).user();
		String current = this.tokens.tokenId(request);
		if (user != null && current != null) {
			this.index.remove(user, current);
		}
	}

}
