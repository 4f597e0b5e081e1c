package dev.scaleout.app.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A stored file opened for reading; the caller streams {@code content} and closes it.
 */
record FileDownload(StoredFile file, InputStream content) implements AutoCloseable {

	@Override
	public void close() {
		try {
			this.content.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
