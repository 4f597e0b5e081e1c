package dev.scaleout.app.catalog;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * A SKU as the catalog writes them ({@link Catalog#SKU_PATTERN}), with the one message
 * every endpoint and the configuration give for one that is not.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = Catalog.SKU_PATTERN)
@ReportAsSingleViolation
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Sku {

	String message() default "must be upper-case letters, digits and dashes (at most 32)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
