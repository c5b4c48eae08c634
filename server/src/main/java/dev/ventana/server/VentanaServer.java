package dev.ventana.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/** The control plane. Each sub-package is one feature (a Spring Modulith application module). */
@SpringBootApplication
@EnableScheduling
public class VentanaServer {
    public static void main(String[] args) {
        SpringApplication.run(VentanaServer.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
