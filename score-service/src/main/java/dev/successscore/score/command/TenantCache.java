package dev.successscore.score.command;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.axonframework.common.caching.NoCache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;

/**
 * A bounded in-memory cache of tenant score aggregates, so a command on a recently used tenant
 * does not reload its events. With several replicas a cached aggregate can be behind the store:
 * its next append then conflicts on the sequence number, the unit of work rolls back, the entry
 * is evicted and the command gateway retries on a fresh load.
 */
public final class TenantCache implements AutoCloseable {

    private final CacheManager manager;
    private final Cache cache;

    public TenantCache(int entries) {
        if (entries == 0) {
            manager = null;
            cache = NoCache.INSTANCE;
            return;
        }
        manager = CacheManagerBuilder.newCacheManagerBuilder().build(true);
        cache = new EhCache3Adapter((org.ehcache.core.Ehcache<Object, Object>) manager.createCache("tenant-scores",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(entries))));
    }

    public Cache cache() {
        return cache;
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
