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
 * sessions elsewhere; asking is 501, and a session limit is refused at start-up.
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
		return new ErrorResponseException(HttpStatus.NOT_IMPLEMENTED,
				ProblemDetail.forStatusAndDetail(HttpStatus.NOT_IMPLEMENTED,
						"Sessions kept in the replicas' memory " + "(app.session.store=" + this.store
								+ ") cannot be listed or ended from one replica; " + "the redis and jwt stores can."),
				null);
	}

}
