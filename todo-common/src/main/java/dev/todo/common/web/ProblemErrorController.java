package dev.todo.common.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's whitelabel/JSON error page: errors that never reach a controller (a URL the Spring Security
 * firewall rejects, {@code sendError} from a filter or the container) are answered as problem+json too.
 * Written straight to the response so no Accept header can turn the error into a 406.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    @RequestMapping
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        if (!status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String detail = switch (status) {
            case BAD_REQUEST -> "The request was rejected.";
            case NOT_FOUND -> "No resource at this address.";
            case INTERNAL_SERVER_ERROR -> "An unexpected error occurred.";
            default -> status.getReasonPhrase() + ".";
        };
        ProblemResponses.write(new OriginalUri(request), response, status, null, detail);
    }

    /** The problem's {@code instance} is the URI that failed, not /error. */
    private static final class OriginalUri extends jakarta.servlet.http.HttpServletRequestWrapper {

        OriginalUri(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getRequestURI() {
            Object uri = getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            if (uri instanceof String value) {
                try {
                    return URI.create(value).getRawPath();
                } catch (IllegalArgumentException notAUri) {
                    return null;
                }
            }
            return super.getRequestURI();
        }
    }
}
