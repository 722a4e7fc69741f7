package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.ManagedList;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.web.filter.ServletRequestPathFilter;

class IntrospectorCacheFilterRemovalTest {

    private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
    private final BeanDefinition chain = BeanDefinitionBuilder.rootBeanDefinition(FilterChainProxy.class)
            .getBeanDefinition();
    private final BeanDefinition pathFilter = BeanDefinitionBuilder.rootBeanDefinition(ServletRequestPathFilter.class)
            .getBeanDefinition();

    @Test
    void givenTheCacheWrapperOutside_whenPostProcessing_thenTheChainItWrapsIsTheBeanAgain() {
        register(wrapper(IntrospectorCacheFilterRemoval.CACHE_WRAPPER, cacheFilter(), chain));

        process();

        assertThat(registered()).isSameAs(chain);
    }

    @Test
    void givenTheCacheWrapperInsideThePathWrapper_whenPostProcessing_thenThePathWrapperHoldsTheChain() {
        BeanDefinition pathWrapper = wrapper(IntrospectorCacheFilterRemoval.PATH_WRAPPER, pathFilter,
                wrapper(IntrospectorCacheFilterRemoval.CACHE_WRAPPER, cacheFilter(), chain));
        register(pathWrapper);

        process();

        assertThat(registered()).isSameAs(pathWrapper);
        assertThat(filtersOf(pathWrapper)).containsExactly(pathFilter, chain);
    }

    @Test
    void givenThePathWrapperInsideTheCacheWrapper_whenPostProcessing_thenThePathWrapperIsTheBean() {
        BeanDefinition pathWrapper = wrapper(IntrospectorCacheFilterRemoval.PATH_WRAPPER, pathFilter, chain);
        register(wrapper(IntrospectorCacheFilterRemoval.CACHE_WRAPPER, cacheFilter(), pathWrapper));

        process();

        assertThat(registered()).isSameAs(pathWrapper);
        assertThat(filtersOf(pathWrapper)).containsExactly(pathFilter, chain);
    }

    @Test
    void givenAPlainChain_whenPostProcessing_thenItIsLeftAsItIs() {
        register(chain);

        process();

        assertThat(registered()).isSameAs(chain);
    }

    @Test
    void givenTheCacheWrapperWithAnotherFirstFilter_whenPostProcessing_thenItIsLeftAsItIs() {
        BeanDefinition otherShape = wrapper(IntrospectorCacheFilterRemoval.CACHE_WRAPPER, pathFilter, chain);
        register(otherShape);

        process();

        assertThat(registered()).isSameAs(otherShape);
        assertThat(filtersOf(otherShape)).containsExactly(pathFilter, chain);
    }

    @Test
    void givenNoChain_whenPostProcessing_thenNothingIsRegistered() {
        process();

        assertThat(beanFactory.getBeanDefinitionNames()).isEmpty();
    }

    private void register(BeanDefinition definition) {
        beanFactory.registerBeanDefinition(IntrospectorCacheFilterRemoval.CHAIN, definition);
    }

    private void process() {
        new IntrospectorCacheFilterRemoval().postProcessBeanFactory(beanFactory);
    }

    private BeanDefinition registered() {
        return beanFactory.getBeanDefinition(IntrospectorCacheFilterRemoval.CHAIN);
    }

    private static BeanDefinition cacheFilter() {
        return BeanDefinitionBuilder.genericBeanDefinition(IntrospectorCacheFilterRemoval.CACHE_FILTER)
                .getBeanDefinition();
    }

    /** The shape Spring Security's post-processors register: a wrapper built with the list [first filter, chain]. */
    private static BeanDefinition wrapper(String wrapperClass, BeanDefinition first, BeanDefinition chain) {
        ManagedList<BeanDefinition> filters = new ManagedList<>();
        filters.add(first);
        filters.add(chain);
        return BeanDefinitionBuilder.genericBeanDefinition(wrapperClass).addConstructorArgValue(filters)
                .getBeanDefinition();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> filtersOf(BeanDefinition wrapper) {
        return (List<Object>) wrapper.getConstructorArgumentValues().getIndexedArgumentValues().get(0).getValue();
    }
}
