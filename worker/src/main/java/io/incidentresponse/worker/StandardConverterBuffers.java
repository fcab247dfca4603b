package io.incidentresponse.worker;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.common.converter.PayloadConverter;

/**
 * Where the Temporal SDK's own JSON encoder keeps Jackson's working buffers: in one bounded pool
 * instead of a set per thread.
 *
 * <p>The SDK encodes version markers, search attributes, local-activity and side-effect markers
 * with {@link DefaultDataConverter#STANDARD_INSTANCE}, whatever data converter the worker is given
 * (SDK 1.38: {@code VersionMarkerUtils}, {@code SearchAttributePayloadConverter}, {@code
 * LocalActivityStateMachine}, {@code MutableSideEffectStateMachine}). Its JSON converter is a
 * {@link JacksonJsonPayloadConverter} whose mapper keeps Jackson's buffers (about 20 KB) in a
 * thread local of every thread that ever encoded. The workflow thread that asks {@code
 * Workflow.getVersion} or upserts an incident's search attributes lives as long as the incident
 * waits, so each open incident kept one or two such sets for its whole life.
 *
 * <p>That instance's encoding walks a read-only view of the public array {@link
 * DefaultDataConverter#STANDARD_PAYLOAD_CONVERTERS}; {@link #install()} puts in its JSON slot the
 * same converter (Temporal's default mapper, so the same bytes) drawing its buffers from {@link
 * #BUFFERS}. Decoding goes through a map the SDK copied when it started and keeps the original
 * converter: the SDK decodes markers on the workflow-task threads (a few, bounded), not on the
 * incidents' threads.
 */
final class StandardConverterBuffers {

  /** Jackson's buffers of the SDK's own encoder, shared by every thread. */
  static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.newBoundedPool(64);

  private StandardConverterBuffers() {}

  /**
   * Puts the pooled JSON converter in the SDK's standard list, once; false when the list has no
   * Jackson JSON converter to replace (an SDK that changed it), which leaves it as it is.
   */
  static synchronized boolean install() {
    PayloadConverter[] standard = DefaultDataConverter.STANDARD_PAYLOAD_CONVERTERS;
    for (int i = 0; i < standard.length; i++) {
      if (standard[i] instanceof Pooled) {
        return true;
      }
      if (standard[i] instanceof JacksonJsonPayloadConverter) {
        standard[i] = new Pooled();
        return true;
      }
    }
    return false;
  }

  /** Temporal's default JSON converter with its buffers from {@link #BUFFERS}. */
  static final class Pooled extends JacksonJsonPayloadConverter {
    Pooled() {
      super(mapper());
    }

    private static ObjectMapper mapper() {
      ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();
      mapper.getFactory().setRecyclerPool(BUFFERS);
      return mapper;
    }
  }
}
