package dev.scaleout.app.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import dev.scaleout.app.system.StoreUnavailableException;

import org.springframework.core.io.InputStreamSource;

/**
 * Files on this replica's own disk: the stateful way, kept to show what goes wrong. A
 * file uploaded through one replica is not found through any other.
 * <p>
 * Each file is two entries: the bytes ({@code <id>}) and a properties file with what is
 * known about them ({@code <id>.properties}); the properties are written last, so a file
 * exists only once it is complete.
 */
class LocalFileStore implements FileStore {

	private static final String METADATA = ".properties";

	private final Path root;

	LocalFileStore(Path root) {
		this.root = root;
	}

	@Override
	public void save(String owner, StoredFile file, InputStreamSource content) {
		Path dir = ownerDir(owner);
		Path data = dir.resolve(file.id());
		try {
			Files.createDirectories(dir);
			Path partial = Files.createTempFile(dir, file.id(), ".partial");
			try (InputStream in = content.getInputStream(); OutputStream out = Files.newOutputStream(partial)) {
				in.transferTo(out);
			}
			move(partial, data);
			Properties metadata = new Properties();
			metadata.setProperty("name", file.name());
			metadata.setProperty("contentType", file.contentType());
			metadata.setProperty("sha256", file.sha256());
			metadata.setProperty("uploadedAt", file.uploadedAt().toString());
			Path partialMetadata = Files.createTempFile(dir, file.id(), ".partial");
			try (Writer out = Files.newBufferedWriter(partialMetadata, StandardCharsets.UTF_8)) {
				metadata.store(out, null);
			}
			move(partialMetadata, dir.resolve(file.id() + METADATA));
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("The replica's disk refused the file; retry shortly.", ex);
		}
	}

	@Override
	public Optional<FileDownload> open(String owner, String id) {
		// read() refuses anything but our own ids, so no path can leave the owner's
		// directory.
		Optional<StoredFile> file = read(ownerDir(owner), id);
		if (file.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new FileDownload(file.get(), Files.newInputStream(ownerDir(owner).resolve(id))));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public boolean delete(String owner, String id) {
		if (!OwnerKeys.isValidId(id)) {
			return false;
		}
		Path dir = ownerDir(owner);
		try {
			boolean existed = Files.deleteIfExists(dir.resolve(id + METADATA));
			Files.deleteIfExists(dir.resolve(id));
			return existed;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public List<StoredFile> list(String owner) {
		Path dir = ownerDir(owner);
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		List<StoredFile> files = new ArrayList<>();
		try (Stream<Path> entries = Files.list(dir)) {
			entries.map((entry) -> entry.getFileName().toString())
				.filter((name) -> name.endsWith(METADATA))
				.map((name) -> name.substring(0, name.length() - METADATA.length()))
				.forEach((id) -> read(dir, id).ifPresent(files::add));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		files.sort(Comparator.comparing(StoredFile::uploadedAt).reversed());
		return files;
	}

	@Override
	public void checkReachable() {
		try {
			Files.createDirectories(this.root);
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("The replica's upload directory is not writable.", ex);
		}
		if (!Files.isWritable(this.root)) {
			throw new StoreUnavailableException("The replica's upload directory is not writable.");
		}
	}

	@Override
	public String location() {
		return "local directory " + this.root;
	}

	private Path ownerDir(String owner) {
		return this.root.resolve(OwnerKeys.ownerHash(owner));
	}

	private Optional<StoredFile> read(Path dir, String id) {
		if (!OwnerKeys.isValidId(id)) {
			return Optional.empty();
		}
		Properties metadata = new Properties();
		try (Reader in = Files.newBufferedReader(dir.resolve(id + METADATA), StandardCharsets.UTF_8)) {
			metadata.load(in);
			long size = Files.size(dir.resolve(id));
			return Optional
				.of(new StoredFile(id, metadata.getProperty("name"), size, metadata.getProperty("contentType"),
						metadata.getProperty("sha256"), Instant.parse(metadata.getProperty("uploadedAt"))));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
