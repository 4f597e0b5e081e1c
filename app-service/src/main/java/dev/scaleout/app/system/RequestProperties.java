package dev.scaleout.app.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may carry.
 *
 * @param maxBodySize the largest body of any request but an upload (uploads have
 * {@code app.storage.max-size})
 */
@ConfigurationProperties("app.request")
@Validated
public record RequestProperties(@DefaultValue("64KB") DataSize maxBodySize) {
}
