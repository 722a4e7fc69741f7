package dev.todo.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.beans.factory.annotation.Value;

/**
 * problem+json for every error and the request-body limit. Runs before Boot's MVC auto-configuration so that
 * Boot's own problem-details handler (which would compete with ours) backs off.
 */
@AutoConfiguration(before = {DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemJsonExceptionHandler.class)
@EnableConfigurationProperties(WebMvcProperties.class)
public class TodoWebAutoConfiguration {

    /** problem+json also for errors that bypass Spring MVC (Boot's BasicErrorController backs off). */
    @Bean
    @ConditionalOnMissingBean(org.springframework.boot.web.servlet.error.ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /**
     * TRACE goes to Spring MVC like every other method ({@link TraceAsAnyMethodDispatcherServlet}); Tomcat's
     * own refusal would be an empty 400.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> traceReachesTheServlet() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
    }

    /**
     * Spring Security's firewall refuses a method outside its list (TRACE, QUERY, ...) with an empty 400 before
     * any route is looked at. Routes are authorized by path, not method, so any method may pass: Spring MVC
     * answers one no route maps with 405 problem+json and Allow, and TRACE is never echoed (see above). Its
     * character rules are the default ones, checked faster ({@link FirewallCharacterRules}).
     */
    @Bean
    @ConditionalOnMissingBean(HttpFirewall.class)
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowedHeaderNames(FirewallCharacterRules.HEADER_NAMES);
        firewall.setAllowedHeaderValues(FirewallCharacterRules.HEADER_VALUES);
        firewall.setAllowedParameterNames(FirewallCharacterRules.PARAMETER_NAMES);
        return firewall;
    }

    /** What the firewall still refuses (an encoded slash, a control character in a name) as problem+json. */
    @Bean
    @ConditionalOnMissingBean(RequestRejectedHandler.class)
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST,
                null, rejected.getMessage());
    }

    /** Boot's dispatcher servlet, with the same settings, but answering TRACE as a route does. */
    @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet(WebMvcProperties webMvc) {
        DispatcherServlet servlet = new TraceAsAnyMethodDispatcherServlet();
        servlet.setDispatchOptionsRequest(webMvc.isDispatchOptionsRequest());
        servlet.setPublishEvents(webMvc.isPublishRequestHandledEvents());
        servlet.setEnableLoggingRequestDetails(webMvc.isLogRequestDetails());
        return servlet;
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
