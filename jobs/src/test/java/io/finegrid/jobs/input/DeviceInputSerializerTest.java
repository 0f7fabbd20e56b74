package io.finegrid.jobs.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.finegrid.jobs.service.RequestUpdate;
import io.finegrid.model.device.EventType;
import io.finegrid.model.request.RequestStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DeviceInputSerializerTest {
    private final TypeSerializer<DeviceInput> serializer = TypeInformation.of(DeviceInput.class)
            .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());

    private DeviceInput roundTrip(DeviceInput in) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(in, out);
        serializer.serialize(in, out); // two in a row: each read takes exactly its own bytes
        DataInputDeserializer read = new DataInputDeserializer(out.getCopyOfBuffer());
        DeviceInput first = serializer.deserialize(read);
        DeviceInput second = serializer.deserialize(read);
        assertEquals(0, read.available());
        assertEquals(first.toString(), second.toString());
        return first;
    }

    @Test
    void flinkFindsTheSerializerThroughTheTypeAnnotation() {
        assertInstanceOf(DeviceInputSerializer.class, serializer);
    }

    @Test
    void aReadingKeepsEveryFieldAndSharesRepeatedNames() throws Exception {
        DeviceInput r = new DeviceInput();
        r.kind = DeviceInput.Kind.READING;
        r.community = "c1";
        r.building = "B01";
        r.deviceId = "wp-1";
        r.ts = 1_700_000_000_123L;
        r.seq = 42;
        r.ingestTs = 1_700_000_000_456L;
        r.metrics = new String[] {"pressure_mpa", "running"};
        r.values = new double[] {0.31, 1.0};
        DeviceInput back = roundTrip(r);
        assertEquals(DeviceInput.Kind.READING, back.kind);
        assertEquals("c1|wp-1", back.deviceKey());
        assertEquals("B01", back.building);
        assertEquals(r.ts, back.ts);
        assertEquals(42, back.seq);
        assertEquals(r.ingestTs, back.ingestTs);
        assertArrayEquals(r.metrics, back.metrics);
        assertArrayEquals(r.values, back.values);
        assertEquals(Double.NaN, back.batteryPct);
        assertNull(back.eventType);
        assertNull(back.request);
        assertNull(back.error);
        DeviceInput again = roundTrip(r);
        assertSame(back.metrics[0], again.metrics[0], "one copy of a metric name per serializer");
        assertSame(back.community, again.community);
    }

    @Test
    void eventsStatusesRequestsAndUndecodableRecordsSurvive() throws Exception {
        DeviceInput e = new DeviceInput();
        e.kind = DeviceInput.Kind.EVENT;
        e.community = "c1";
        e.deviceId = "elv-1";
        e.eventType = EventType.FAULT;
        e.code = "E30";
        DeviceInput eb = roundTrip(e);
        assertEquals(EventType.FAULT, eb.eventType);
        assertEquals("E30", eb.code);
        assertNull(eb.metrics);
        assertEquals(DeviceInput.NO_SEQ, eb.seq);

        DeviceInput s = new DeviceInput();
        s.kind = DeviceInput.Kind.STATUS;
        s.community = "c1";
        s.deviceId = "smk-1";
        s.online = true;
        s.batteryPct = 87.5;
        DeviceInput sb = roundTrip(s);
        assertEquals(true, sb.online);
        assertEquals(87.5, sb.batteryPct);

        DeviceInput q = new DeviceInput();
        q.kind = DeviceInput.Kind.REQUEST;
        q.community = "c1";
        q.request = new RequestUpdate();
        q.request.requestId = "r-1";
        q.request.status = RequestStatus.values()[0];
        q.request.rating = 4;
        DeviceInput qb = roundTrip(q);
        assertEquals("r-1", qb.request.requestId);
        assertEquals(q.request.status, qb.request.status);
        assertEquals(4, qb.request.rating);

        DeviceInput bad = DeviceInput.undecodable("fg.telemetry", "{not json", "not a normalized record");
        DeviceInput bb = roundTrip(bad);
        assertNull(bb.kind);
        assertEquals("{not json", bb.raw);
        assertEquals("not a normalized record", bb.error);
        assertEquals("fg.telemetry", bb.sourceTopic);
    }

    @Test
    void aCopySharesNoMutableParts() {
        DeviceInput r = new DeviceInput();
        r.kind = DeviceInput.Kind.READING;
        r.community = "c1";
        r.deviceId = "wp-1";
        r.metrics = new String[] {"pressure_mpa"};
        r.values = new double[] {0.3};
        DeviceInput c = serializer.copy(r);
        assertNotSame(r.values, c.values);
        c.values[0] = 9;
        assertEquals(0.3, r.values[0]);
    }

    @Test
    void itsSnapshotRestoresTheSameSerializer() throws Exception {
        TypeSerializerSnapshot<DeviceInput> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<DeviceInput> read = new DeviceInputSerializer.Snapshot();
        read.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertEquals(serializer, read.restoreSerializer());
        assertEquals(true, read.resolveSchemaCompatibility(snapshot).isCompatibleAsIs());
    }
}
