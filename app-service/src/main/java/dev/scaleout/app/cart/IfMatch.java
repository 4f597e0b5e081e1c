package dev.scaleout.app.cart;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The {@code If-Match} precondition of a cart change (RFC 9110, 13.1.1): absent or
 * {@code *} (the cart always exists) accepts any version; otherwise the change applies
 * only while the cart's version is one of the strong entity tags listed. A weak tag never
 * matches, as the strong comparison requires.
 *
 * @param versions the versions accepted, or {@code null} for any
 */
public record IfMatch(List<String> versions) {

	public static final IfMatch ANY = new IfMatch(null);

	private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7e]*)\"\\s*(,|$)");

	public IfMatch {
		versions = (versions != null) ? List.copyOf(versions) : null;
	}

	/**
	 * @throws ErrorResponseException 400 when the header is not a list of entity tags
	 */
	public static IfMatch parse(String header) {
		if (header == null || header.isBlank() || header.trim().equals("*")) {
			return ANY;
		}
		List<String> strong = new ArrayList<>();
		Matcher tag = TAG.matcher(header);
		int end = 0;
		while (end < header.length() && tag.find(end) && tag.start() == end) {
			if (tag.group(1) == null) {
				strong.add(tag.group(2));
			}
			end = tag.end();
		}
		if (end < header.length() || header.trim().endsWith(",")) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(
					HttpStatus.BAD_REQUEST,
					"If-Match must be an entity tag in double quotes, as GET /api/cart sends in its ETag header "
							+ "(e.g. If-Match: \"7\"), or *."),
					null);
		}
		return new IfMatch(strong);
	}

	public boolean isAny() {
		return this.versions == null;
	}

	public boolean accepts(String version) {
		return isAny() || this.versions.contains(version);
	}

}
