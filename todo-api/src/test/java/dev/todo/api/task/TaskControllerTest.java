package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.common.events.TaskData;
import dev.todo.common.test.TestJwts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The web slice: routing, security, status codes and headers, with the service mocked. */
@WebMvcTest(TaskController.class)
@org.springframework.context.annotation.Import(TaskProblemHandler.class)
@TestPropertySource(properties = {"todo.security.jwt-secret=" + TestJwts.SECRET,
        "todo.security.app-api-token=app-token-test"})
class TaskControllerTest {

    private static final String PATH = "/api/alice/tasks";
    private static final String TOKEN = "Bearer " + TestJwts.token("alice");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    TaskService tasks;

    private static TaskData task(long id, long version) {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        return new TaskData(id, "alice", "Buy milk", null, false, "medium", List.of(), null, "UTC", null, "due", null,
                null, "7b0b8f9e-6f8a-4c5e-9a39-7d9b1f1f2a10", 1, null, t, t, version, null);
    }

    @Test
    void givenNoToken_whenListing_thenUnauthorizedAndTheServiceIsNotCalled() throws Exception {
        mvc.perform(get(PATH)).andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
        verifyNoInteractions(tasks);
    }

    @Test
    void givenAUserIdThatNeedsEncoding_whenPosting_thenLocationKeepsItEncodedOnce() throws Exception {
        when(tasks.create(eq("auth0|bob"), any())).thenReturn(task(7, 0));
        mvc.perform(post(java.net.URI.create("/api/auth0%7Cbob/tasks")).header(HttpHeaders.AUTHORIZATION,
                                "Bearer " + TestJwts.token("auth0|bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"Buy milk\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, "http://localhost/api/auth0%7Cbob/tasks/7"));
    }

    @Test
    void givenAValidTask_whenPosting_then201WithLocationAndETag() throws Exception {
        when(tasks.create(eq("alice"), any())).thenReturn(task(42, 0));
        mvc.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\":\"Buy milk\",\"due_at\":\"2026-03-01T09:00\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, "http://localhost/api/alice/tasks/42"))
                .andExpect(header().string(HttpHeaders.ETAG, "\"0\""))
                .andExpect(jsonPath("$.series_id").value("7b0b8f9e-6f8a-4c5e-9a39-7d9b1f1f2a10"))
                .andExpect(jsonPath("$.created_at").value("2026-03-01T10:00:00Z"));
        ArgumentCaptor<TaskRequest> request = ArgumentCaptor.forClass(TaskRequest.class);
        verify(tasks).create(eq("alice"), request.capture());
        assertThat(request.getValue().dueAt()).isEqualTo("2026-03-01T09:00");
    }

    @Test
    void givenMalformedJson_whenPosting_then400ProblemAndTheServiceIsNotCalled() throws Exception {
        mvc.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://todo.dev/problems/malformed-body"));
        verifyNoInteractions(tasks);
    }

    @Test
    void givenAnIfMatchHeader_whenPutting_thenItIsPassedToTheService() throws Exception {
        when(tasks.replace(eq("alice"), eq(5L), any(), eq("\"3\""))).thenReturn(task(5, 4));
        mvc.perform(put(PATH + "/5").header(HttpHeaders.AUTHORIZATION, TOKEN).header(HttpHeaders.IF_MATCH, "\"3\"")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"x\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"4\""));
    }

    @Test
    void givenTheServiceFindsAStaleVersion_whenPatching_then412Problem() throws Exception {
        when(tasks.patch(eq("alice"), eq(5L), any(JsonNode.class), eq("\"1\""))).thenThrow(ETags.stale(2));
        mvc.perform(patch(PATH + "/5").header(HttpHeaders.AUTHORIZATION, TOKEN).header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType("application/merge-patch+json").content("{\"title\":\"x\"}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.type").value("https://todo.dev/problems/stale-version"));
    }

    @Test
    void givenAConcurrentWriterWon_whenPutting_then412Problem() throws Exception {
        when(tasks.replace(eq("alice"), eq(5L), any(), isNull()))
                .thenThrow(new org.springframework.orm.ObjectOptimisticLockingFailureException(Task.class, 5L));
        mvc.perform(put(PATH + "/5").header(HttpHeaders.AUTHORIZATION, TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"x\"}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.type").value("https://todo.dev/problems/stale-version"));
    }

    @Test
    void givenNoBody_whenCompleting_thenItToggles() throws Exception {
        when(tasks.complete("alice", 5L, null, null)).thenReturn(task(5, 1));
        mvc.perform(patch(PATH + "/5/complete").header(HttpHeaders.AUTHORIZATION, TOKEN)).andExpect(status().isOk());
        verify(tasks).complete(eq("alice"), eq(5L), isNull(), isNull());
    }

    @Test
    void givenAnExplicitState_whenCompleting_thenItIsPassedOn() throws Exception {
        when(tasks.complete("alice", 5L, true, null)).thenReturn(task(5, 1));
        mvc.perform(patch(PATH + "/5/complete").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"completed\":true}")).andExpect(status().isOk());
        verify(tasks).complete("alice", 5L, true, null);
    }

    @Test
    void givenAnUnknownSort_whenListing_then400NamingTheParameter() throws Exception {
        mvc.perform(get(PATH + "?sort=colour").header(HttpHeaders.AUTHORIZATION, TOKEN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sort"));
        verifyNoInteractions(tasks);
    }

    @Test
    void givenAnotherUsersPath_whenReading_then403() throws Exception {
        mvc.perform(get("/api/bob/tasks/1").header(HttpHeaders.AUTHORIZATION, TOKEN)).andExpect(status().isForbidden());
        verifyNoInteractions(tasks);
    }
}
