package dev.ventana.host.agent;

import dev.ventana.host.HostProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    @Bean
    FilterRegistrationBean<FarmTokenFilter> farmTokenFilter(HostProperties properties, ObjectMapper json) {
        FilterRegistrationBean<FarmTokenFilter> registration =
                new FilterRegistrationBean<>(new FarmTokenFilter(properties.farmToken(), json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(0);
        return registration;
    }
}
