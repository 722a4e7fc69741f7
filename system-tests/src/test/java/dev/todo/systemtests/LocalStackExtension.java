package dev.todo.systemtests;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.Workspace;
import dev.todo.localstack.ServiceSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;
import java.time.Clock;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the local stack once per test run, with the launcher's own code ({@link LocalStack}), and
 * stops it when the run ends. Test classes get the running stack as a parameter, and the SMTP server
 * (GreenMail, in this JVM) that notification-service's e-mail channel sends to.
 */
public class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == GreenMail.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GreenMail.class ? runningStack(context).mail() : running(context);
    }

    private static LocalStack running(ExtensionContext context) {
        return runningStack(context).stack();
    }

    private static RunningStack runningStack(ExtensionContext context) {
        // The root store outlives every test class; its resources close when the whole run ends.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> startWithMail(), RunningStack.class);
    }

    private static RunningStack startWithMail() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try {
            return new RunningStack(start(mail.getSmtp().getPort()), mail);
        } catch (RuntimeException e) {
            mail.stop();
            throw e;
        }
    }

    private static LocalStack start(int smtpPort) {
        Workspace workspace = Workspace.locate();
        // Its own run directory, so a developer's .local-stack/ is left alone.
        Path runDir = workspace.root().resolve("system-tests/target/stack");
        // Another checkout's end-to-end run or a developer's stack may hold the fixed ports: wait for it.
        Map<String, String> environment = new HashMap<>(System.getenv());
        // the suite reads the services' logs as JSON (ServiceLogs), whatever the developer's shell prefers
        environment.put("LOG_FORMAT", "json");
        environment.put("NOTIFICATION_EMAIL_ENABLED", "true");
        environment.put("SPRING_MAIL_HOST", "127.0.0.1");
        environment.put("SPRING_MAIL_PORT", Integer.toString(smtpPort));
        environment.put("NOTIFICATION_EMAIL_ADDRESS_TEMPLATE", "{user_id}@todo.test");
        return LocalStack.start(new LocalStack.Options(runDir, ServiceSpec.ALL, environment, Clock.systemUTC(),
                System.out, Duration.ofMinutes(20)));
    }

    private record RunningStack(LocalStack stack, GreenMail mail) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            try {
                stack.close();
            } finally {
                mail.stop();
            }
        }
    }
}
