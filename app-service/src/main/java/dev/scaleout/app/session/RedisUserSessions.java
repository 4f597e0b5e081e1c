package dev.scaleout.app.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * {@code redis}: the user's session ids in a {@link SessionIndex}, each looked up in (and
 * ended through) Spring Session's own repository. Spring Session's principal index
 * ({@code RedisIndexedSessionRepository}) would keep the same set per user, but it needs
 * keyspace notifications ({@code CONFIG SET}, a subscription that must follow a Sentinel
 * failover) and writes index and expiry keys on every save; this index is written at
 * login and logout only.
 */
class RedisUserSessions implements UserSessions {

	private final SessionStore sessions;

	private final SessionRepository<? extends Session> repository;

	private final SessionIndex index;

	private final int maxPerUser;

	RedisUserSessions(SessionStore sessions, SessionRepository<? extends Session> repository, SessionIndex index,
			int maxPerUser) {
		this.sessions = sessions;
		this.repository = repository;
		this.index = index;
		this.maxPerUser = maxPerUser;
	}

	@Override
	public List<UserSession> list(HttpServletRequest request) {
		String user = this.sessions.load(request).user();
		String current = currentId(request);
		List<UserSession> list = new ArrayList<>();
		List<String> gone = new ArrayList<>();
		for (Map.Entry<String, Instant> entry : this.index.sessions(user).entrySet()) {
			Session session = this.repository.findById(entry.getKey());
			if (session == null) {
				gone.add(entry.getKey());
			}
			else {
				list.add(new UserSession(UserSessions.handle(entry.getKey()), entry.getValue(),
						session.getLastAccessedTime(), entry.getKey().equals(current)));
			}
		}
		this.index.remove(user, gone.toArray(String[]::new));
		return list;
	}

	@Override
	public int endOthers(HttpServletRequest request, HttpServletResponse response) {
		String user = this.sessions.load(request).user();
		String current = currentId(request);
		int ended = 0;
		for (String id : live(user).keySet()) {
			if (!id.equals(current)) {
				this.repository.deleteById(id);
				this.index.remove(user, id);
				ended++;
			}
		}
		return ended;
	}

	@Override
	public void loggedIn(HttpServletRequest request, HttpServletResponse response) {
		String user = this.sessions.load(request).user();
		live(user);
		for (String evicted : this.index.add(user, currentId(request), Instant.now(), this.maxPerUser)) {
			this.repository.deleteById(evicted);
		}
	}

	@Override
	public void loggedOut(HttpServletRequest request) {
		String user = this.sessions.load(request).user();
		String current = currentId(request);
		if (user != null && current != null) {
			this.index.remove(user, current);
		}
	}

	/** The indexed sessions that still exist; the others leave the index. */
	private Map<String, Instant> live(String user) {
		Map<String, Instant> indexed = this.index.sessions(user);
		List<String> gone = new ArrayList<>();
		indexed.keySet().removeIf((id) -> {
			boolean missing = this.repository.findById(id) == null;
			if (missing) {
				gone.add(id);
			}
			return missing;
		});
		this.index.remove(user, gone.toArray(String[]::new));
		return indexed;
	}

	private static String currentId(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null) ? session.getId() : null;
	}

}
