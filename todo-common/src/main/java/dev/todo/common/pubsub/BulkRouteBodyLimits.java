package dev.todo.common.pubsub;

import dev.todo.common.web.RequestBodyLimitFilter;
import io.dapr.Topic;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.ResolvableType;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Gives every bulk subscription route ({@link Topic} answering {@link BulkSubscribeAppResponse}) the body limit of
 * a bulk delivery, {@link BulkDelivery#MAX_BODY_BYTES}, found from the routes themselves so that a new bulk
 * subscriber cannot forget it.
 */
class BulkRouteBodyLimits {

    @EventListener
    void onRefresh(ContextRefreshedEvent event) {
        ApplicationContext context = event.getApplicationContext();
        if (!context.containsBean("requestBodyLimitFilter")
                || !(context.getBean("requestBodyLimitFilter") instanceof FilterRegistrationBean<?> registration)
                || !(registration.getFilter() instanceof RequestBodyLimitFilter filter)) {
            return;
        }
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> route : mapping.getHandlerMethods().entrySet()) {
                if (isBulkSubscription(route.getValue())) {
                    route.getKey().getPatternValues().forEach(path -> filter.limit(path, BulkDelivery.MAX_BODY_BYTES));
                }
            }
        }
    }

    private static boolean isBulkSubscription(HandlerMethod method) {
        return method.hasMethodAnnotation(Topic.class) && ResolvableType.forMethodReturnType(method.getMethod())
                .getGeneric(0).isAssignableFrom(BulkSubscribeAppResponse.class);
    }
}
