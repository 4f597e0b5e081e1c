package dev.scaleout.app.session;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * {@code memory} and {@code cluster}: each replica knows only the sessions in its own
 * memory ({@code primary-backup} not even all of those), so none can list or end a user's
 * sessions elsewhere. The resource does not exist in this configuration: asking is a 404
 * problem that says which stores have it (a 5xx would tell the gateway and the client
 * that a replica failed), and a session limit is refused at start-up.
 */
class UntrackedUserSessions implements UserSessions {

	private final String store;

	UntrackedUserSessions(String store) {
		this.store = store;
	}

	@Override
	public List<UserSession> list(HttpServletRequest request) {
		throw unsupported();
	}

	@Override
	public int endOthers(HttpServletRequest request, HttpServletResponse response) {
		throw unsupported();
	}

	@Override
	public void loggedIn(HttpServletRequest request, HttpServletResponse response) {
	}

	@Override
	public void loggedOut(HttpServletRequest request) {
	}

	private ErrorResponseException unsupported() {
		return new ErrorResponseException(HttpStatus.NOT_FOUND,
				ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
						"Sessions kept in the replicas' memory " + "(app.session.store=" + this.store
								+ ") cannot be listed or ended from one replica; " + "the redis and jwt stores can."),
				null);
	}

}
