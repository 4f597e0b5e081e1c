package dev.scaleout.loadtests.experiments;

import java.time.Duration;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** wrk's printed figures (wrk 4.1, as Debian ships it), read into numbers. */
class WrkTests {

	static final String CLEAN = """
			Running 10s test @ http://127.0.0.1:8080/api/ping
			  2 threads and 32 connections
			  Thread Stats   Avg      Stdev     Max   +/- Stdev
			    Latency     9.57ms    7.12ms  81.44ms   83.21%
			    Req/Sec     1.77k   210.32     2.31k    71.50%
			  35412 requests in 10.02s, 6.15MB read
			Requests/sec:   3534.13
			Transfer/sec:    628.51KB
			""";

	@Test
	void requestsAndTheirTimeAreRead() {
		Wrk.Result result = Wrk.Result.parse(CLEAN);
		assertThat(result.requests()).isEqualTo(35412);
		assertThat(result.elapsed()).isEqualTo(Duration.ofMillis(10020));
		assertThat(result.errors()).isZero();
		assertThat(result.perSecond()).isCloseTo(3534.13, Offset.offset(0.5));
	}

	@Test
	void non2xxAnswersAndSocketErrorsAreCountedAsErrors() {
		String output = CLEAN.replace("Requests/sec:", """
				  Socket errors: connect 0, read 3, write 1, timeout 2
				  Non-2xx or 3xx responses: 40
				Requests/sec:""");
		assertThat(Wrk.Result.parse(output).errors()).isEqualTo(46);
	}

	@Test
	void anOutputWithoutTheRequestLineIsAnErrorNotAZero() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Wrk.Result.parse("unable to connect to 127.0.0.1:8080 Connection refused"))
			.withMessageContaining("requests in");
	}

}
