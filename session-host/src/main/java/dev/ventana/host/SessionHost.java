package dev.ventana.host;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** One per physical machine: runs guests under QEMU and serves their screens. */
@SpringBootApplication
@EnableConfigurationProperties(HostProperties.class)
public class SessionHost {
    public static void main(String[] args) {
        SpringApplication.run(SessionHost.class, args);
    }
}
