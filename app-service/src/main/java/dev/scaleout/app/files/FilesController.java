package dev.scaleout.app.files;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;

import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Upload, download, list and delete the caller's files. Another user's file is
 * indistinguishable from one that does not exist: 404.
 */
@RestController
@RequestMapping("/api/files")
class FilesController {

	private final Uploads uploads;

	private final FileStore store;

	FilesController(Uploads uploads, FileStore store) {
		this.uploads = uploads;
		this.store = store;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<FileView> upload(@RequestPart("file") MultipartFile file, Principal user) {
		StoredFile stored = this.uploads.accept(user.getName(), file);
		return ResponseEntity.created(URI.create("/api/files/" + stored.id())).body(FileView.of(stored));
	}

	@GetMapping
	List<FileView> list(Principal user) {
		return this.store.list(user.getName()).stream().map(FileView::of).toList();
	}

	@GetMapping("/{id}")
	ResponseEntity<Resource> download(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch, Principal user) {
		FileDownload download = this.store.open(user.getName(), validId(id)).orElseThrow(() -> notFound(id));
		StoredFile file = download.file();
		if (file.etag().equals(ifNoneMatch)) {
			download.close();
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(file.etag()).build();
		}
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.contentLength(file.size())
			.eTag(file.etag())
			// Always a download, never rendered in our origin: an uploaded HTML page or
			// SVG cannot run script against the API.
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString())
			.header("Content-Security-Policy", "default-src 'none'; sandbox")
			.body(new InputStreamResource(download.content()));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, Principal user) {
		if (!this.store.delete(user.getName(), validId(id))) {
			throw notFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	private static String validId(String id) {
		if (!OwnerKeys.isValidId(id)) {
			throw notFound(id);
		}
		return id;
	}

	private static ErrorResponseException notFound(String id) {
		String detail = OwnerKeys.isValidId(id) ? "You have no file " + id + "." : "You have no such file.";
		return new ErrorResponseException(HttpStatus.NOT_FOUND,
				ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
	}

	/** A file as the API shows it. */
	record FileView(String id, String name, long size, String contentType, String sha256, String uploadedAt) {

		static FileView of(StoredFile file) {
			return new FileView(file.id(), file.name(), file.size(), file.contentType(), file.sha256(),
					file.uploadedAt().toString());
		}

	}

}
