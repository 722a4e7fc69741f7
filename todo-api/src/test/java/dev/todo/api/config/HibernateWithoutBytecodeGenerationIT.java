package dev.todo.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.todo.api.support.ApiIntegrationTest;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class HibernateWithoutBytecodeGenerationIT extends ApiIntegrationTest {

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Test
    void theSessionFactoryRunsOnHibernatesNoneProvider() {
        BytecodeProvider provider = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
                .getServiceRegistry().requireService(BytecodeProvider.class);

        assertThat(provider).isInstanceOf(org.hibernate.bytecode.internal.none.BytecodeProviderImpl.class);
    }

    @Test
    void theEntityIsStillReadAndChangedThroughJpa() throws Exception {
        long id = create("{\"title\":\"read through a session\"}").get("id").asLong();

        mvc.perform(asUser(patch(tasksPath() + "/" + id).contentType("application/merge-patch+json")
                        .content("{\"title\":\"changed through a session\"}")))
                .andExpect(status().isOk());
        mvc.perform(asUser(get(tasksPath() + "/" + id)).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("changed through a session"))
                .andExpect(jsonPath("$.version").value(1));
    }
}
