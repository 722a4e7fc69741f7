package dev.todo.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.beans.factory.annotation.Value;

/**
 * problem+json for every error and the request-body limit. Runs before Boot's MVC auto-configuration so that
 * Boot's own problem-details handler (which would compete with ours) backs off.
 */
@AutoConfiguration(before = {WebMvcAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemJsonExceptionHandler.class)
public class TodoWebAutoConfiguration {

    /** problem+json also for errors that bypass Spring MVC (Boot's BasicErrorController backs off). */
    @Bean
    @ConditionalOnMissingBean(org.springframework.boot.web.servlet.error.ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** Runs before the security filters, so an oversized body is refused before anything reads it. */
    @Bean
    @ConditionalOnMissingBean(name = "requestBodyLimitFilter")
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Value("${todo.web.max-request-body:64KB}") DataSize maxBody) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(maxBody.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("requestBodyLimitFilter");
        return registration;
    }
}
