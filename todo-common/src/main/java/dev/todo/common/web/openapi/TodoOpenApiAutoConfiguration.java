package dev.todo.common.web.openapi;

import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** The shared rules of the public API document, in every service that serves one (springdoc present). */
@AutoConfiguration
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class TodoOpenApiAutoConfiguration {

    @Bean
    PublicApiDocument publicApiDocument(@Value("${todo.openapi.capped-paths:}") List<String> cappedPaths) {
        return new PublicApiDocument(cappedPaths);
    }

    @Bean
    ETaggedOperations eTaggedOperations() {
        return new ETaggedOperations();
    }
}
