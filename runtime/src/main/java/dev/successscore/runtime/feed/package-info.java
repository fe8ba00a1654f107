/**
 * Event feeds between services: how score-service sees every measurement the owning services record, in order
 * per tenant, exactly once in effect, across restarts, dropped links and late-committing transactions.
 *
 * <h2>Producer</h2>
 * An owning service mounts an {@link dev.successscore.runtime.feed.EventFeedServer} on its gRPC server
 * ({@code successscore.feed.v1.EventFeedService}). It streams the events of its own Axon event store whose payload
 * types it publishes ({@link dev.successscore.runtime.feed.EventFeedServer#SIGNAL_EVENTS}: the
 * {@link dev.successscore.runtime.signal.MeasurementRecordedEvent} and
 * {@link dev.successscore.runtime.signal.EngagementChangedEvent}), in the stored serialized form, each with an
 * opaque position ({@link dev.successscore.runtime.feed.FeedPositions}: the event store's gap-aware token, so that
 * a consumer resuming from a position still receives events whose transaction committed late).
 *
 * <h2>Consumer</h2>
 * A consuming service runs a pooled streaming event processor over a
 * {@link dev.successscore.runtime.feed.FeedMessageSource} per upstream. The processor stores the upstream's
 * positions in the consumer's own token store, in the transaction of its handlers' writes: a restart resumes where
 * the last committed batch ended, and an event is applied once. Events are deserialized by the consumer's
 * serializer and upcasters; an event the consumer cannot read is delivered, not skipped, so the handler that
 * refuses it stops the processor at that event. Calls to the upstream have deadlines, retries with back-off and a
 * circuit breaker; a broken stream reconnects from the last position received. The link's state is
 * {@link dev.successscore.runtime.feed.UpstreamStatus}, the consumer's distance to the upstream's head
 * {@link dev.successscore.runtime.feed.FeedLag}. {@link dev.successscore.runtime.feed.TenantSequencingPolicy}
 * keeps each tenant's events in order when the processor has several segments.
 *
 * <h2>Guarantees and their limits</h2>
 * <ul>
 *   <li>Order: per tenant (with the tenant sequencing policy), in the order the upstream's event store reads them:
 *       global index order, except that a late commit arrives when it commits.</li>
 *   <li>A late commit is waited for as long as the upstream's
 *       {@link dev.successscore.runtime.axon.AxonSettings#gapTimeout() gap timeout} and
 *       {@link dev.successscore.runtime.axon.AxonSettings#maxGapOffset() maximum gap offset} allow.</li>
 *   <li>Latency: a commit in the upstream's own JVM reaches open streams at once (its event store wakes them); a
 *       commit by another replica of the upstream is found by its event store's producer, which polls every second.
 *       </li>
 *   <li>A consumer's stored position advances with the events it receives; unpublished events after the last
 *       published one are read again (not delivered) when its processor restarts.</li>
 * </ul>
 */
package dev.successscore.runtime.feed;
