package dev.scaleout.app.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;

/**
 * A JSON API has no redirect-after-post flash attributes. Spring MVC's default keeps them
 * in the HTTP session and reads it on every request, which with Spring Session means a
 * Redis lookup per request, probes included; so there are none.
 */
@Configuration(proxyBeanMethods = false)
class NoFlashMapsConfig {

	@Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
	FlashMapManager flashMapManager() {
		return new FlashMapManager() {

			@Override
			public FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
				return null;
			}

			@Override
			public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request,
					HttpServletResponse response) {
			}

		};
	}

}
