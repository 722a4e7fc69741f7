package dev.todo.notification.contact;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
class ContactWebConfig implements WebMvcConfigurer {

    private final ContactRecorder recorder;

    ContactWebConfig(ContactRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(recorder).addPathPatterns("/api/**");
    }
}
