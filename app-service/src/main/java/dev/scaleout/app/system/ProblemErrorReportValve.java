package dev.scaleout.app.system;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error report (for requests it rejects before any servlet runs, such as an
 * encoded slash in the path) written as a problem detail instead of an HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		HttpStatus status = HttpStatus.resolve(response.getStatus());
		if (status == null || status.value() < 400 || response.getContentWritten() > 0
				|| !response.setErrorReported()) {
			return;
		}
		try {
			Problems.write(response.getResponse(), status, Problems.defaultDetail(status));
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone; there is no one left to tell.
		}
	}

}
