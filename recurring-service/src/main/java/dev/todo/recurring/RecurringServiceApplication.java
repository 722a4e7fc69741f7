package dev.todo.recurring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RecurringServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RecurringServiceApplication.class, args);
    }
}
