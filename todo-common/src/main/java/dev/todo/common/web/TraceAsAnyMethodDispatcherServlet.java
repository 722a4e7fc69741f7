package dev.todo.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Dispatches TRACE like any other method. No route maps TRACE, so it is a 405 problem+json with the route's
 * Allow header (SPEC §2 "Errors"). The base class would go on to HttpServlet's TRACE, which echoes the request
 * (headers included) unless a handler answered {@code message/http}: never wanted here.
 */
class TraceAsAnyMethodDispatcherServlet extends DispatcherServlet {

    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        processRequest(request, response);
    }
}
