package io.finegrid.model.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.finegrid.model.deadletter.Reason;
import io.finegrid.model.deadletter.Rejection;
import io.finegrid.model.device.DeviceAddress;
import io.finegrid.model.device.DeviceStatus;
import io.finegrid.model.device.EventType;
import io.finegrid.model.device.FacilityEvent;
import io.finegrid.model.device.NormalizedEvent;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.device.NormalizedStatus;
import io.finegrid.model.device.TelemetryReading;
import io.finegrid.model.json.Json;
import io.finegrid.model.request.NormalizedRequest;
import io.finegrid.model.request.RequestStatus;
import io.finegrid.model.request.ServiceRequestUpdate;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses and validates MQTT input against CONTRACT §2. Never throws on bad input: every problem
 * becomes a {@link Rejection} with a precise reason.
 */
public final class PayloadCodec {
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int MAX_METRICS = 64;
    public static final int MAX_DETAIL_CHARS = 512;
    public static final int MAX_TEXT_CHARS = 2048;
    public static final Duration MAX_FUTURE = Duration.ofHours(24);
    public static final Duration MAX_PAST = Duration.ofDays(7);

    private final Clock clock;
    private final DeviceDirectory directory;

    public PayloadCodec(Clock clock, DeviceDirectory directory) {
        this.clock = clock;
        this.directory = directory;
    }

    public Decoded decode(String mqttTopic, byte[] payload) {
        Optional<MqttTopic> topic = MqttTopic.parse(mqttTopic);
        if (topic.isEmpty()) {
            return Decoded.reject(new Rejection(Reason.BAD_TOPIC,
                    "topic '" + mqttTopic + "' is not fg/{community}/{building}/{deviceId}/{telemetry|event|status}"
                            + " or fg/{community}/requests"), payload);
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return Decoded.reject(new Rejection(Reason.TOO_LARGE,
                    "payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD_BYTES), payload);
        }
        if (!Utf8.isValid(payload)) {
            return Decoded.reject(new Rejection(Reason.NOT_UTF8, "payload is not valid UTF-8"), payload);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            return Decoded.reject(new Rejection(Reason.BAD_JSON, e.getOriginalMessage()), payload);
        } catch (IOException e) {
            return Decoded.reject(new Rejection(Reason.BAD_JSON, String.valueOf(e.getMessage())), payload);
        }
        if (root == null || root.isMissingNode()) {
            return Decoded.reject(new Rejection(Reason.BAD_JSON, "payload is empty"), payload);
        }
        MqttTopic t = topic.get();
        if (t.address() != null) {
            Rejection unknown = checkDevice(t.address());
            if (unknown != null) {
                return Decoded.reject(unknown, payload);
            }
        }
        long now = clock.millis();
        List<Normalized> accepted = new ArrayList<>();
        List<Decoded.Rejected> rejected = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                return Decoded.reject(new Rejection(Reason.EMPTY_BATCH, "batch array is empty"), payload);
            }
            int i = 0;
            for (JsonNode element : root) {
                try {
                    accepted.add(decodeOne(t, element, now));
                } catch (Invalid e) {
                    Rejection r = new Rejection(e.reason, "element " + i + ": " + e.getMessage());
                    rejected.add(new Decoded.Rejected(r, Json.write(element)));
                }
                i++;
            }
        } else {
            try {
                accepted.add(decodeOne(t, root, now));
            } catch (Invalid e) {
                rejected.add(new Decoded.Rejected(new Rejection(e.reason, e.getMessage()), payload));
            }
        }
        return new Decoded(List.copyOf(accepted), List.copyOf(rejected));
    }

    private Rejection checkDevice(DeviceAddress at) {
        Optional<String> building = directory.buildingOf(at.community(), at.deviceId());
        if (building.isEmpty()) {
            return new Rejection(Reason.UNKNOWN_DEVICE,
                    "device '" + at.deviceId() + "' is not registered in community '" + at.community() + "'");
        }
        if (!building.get().equals(at.building())) {
            return new Rejection(Reason.WRONG_BUILDING, "device '" + at.deviceId() + "' is registered in building '"
                    + building.get() + "', not '" + at.building() + "'");
        }
        return null;
    }

    private Normalized decodeOne(MqttTopic t, JsonNode n, long now) throws Invalid {
        if (!n.isObject()) {
            throw new Invalid(Reason.NOT_AN_OBJECT, "expected a JSON object, got " + n.getNodeType().name().toLowerCase());
        }
        long ts = timestamp(n, now);
        return switch (t.kind()) {
            case TELEMETRY -> new Normalized.Reading(NormalizedReading.of(t.address(),
                    new TelemetryReading(ts, seq(n), metrics(n)), now));
            case EVENT -> new Normalized.Event(NormalizedEvent.of(t.address(), event(n, ts), now));
            case STATUS -> new Normalized.Status(NormalizedStatus.of(t.address(), status(n, ts), now));
            case REQUESTS -> new Normalized.Request(NormalizedRequest.of(t.community(), request(n, ts), now));
        };
    }

    private long timestamp(JsonNode n, long now) throws Invalid {
        long ts = requiredLong(n, "ts");
        if (ts > now + MAX_FUTURE.toMillis()) {
            throw new Invalid(Reason.TS_IN_FUTURE, "\"ts\" " + ts + " is more than 24 h ahead of the server clock");
        }
        if (ts < now - MAX_PAST.toMillis()) {
            throw new Invalid(Reason.TS_TOO_OLD, "\"ts\" " + ts + " is more than 7 days in the past");
        }
        return ts;
    }

    private static Long seq(JsonNode n) throws Invalid {
        JsonNode s = n.get("seq");
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.isIntegralNumber() || !s.canConvertToLong()) {
            throw new Invalid(Reason.WRONG_TYPE, "\"seq\" must be an integer");
        }
        if (s.asLong() < 0) {
            throw new Invalid(Reason.OUT_OF_RANGE, "\"seq\" must not be negative");
        }
        return s.asLong();
    }

    private static Map<String, Object> metrics(JsonNode n) throws Invalid {
        JsonNode m = n.get("metrics");
        if (m == null || m.isNull()) {
            throw new Invalid(Reason.MISSING_FIELD, "\"metrics\" is required");
        }
        if (!m.isObject()) {
            throw new Invalid(Reason.WRONG_TYPE, "\"metrics\" must be an object");
        }
        if (m.isEmpty()) {
            throw new Invalid(Reason.EMPTY_METRICS, "\"metrics\" must have at least one entry");
        }
        if (m.size() > MAX_METRICS) {
            throw new Invalid(Reason.TOO_MANY_METRICS, "\"metrics\" has " + m.size() + " entries, at most " + MAX_METRICS);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!Identifiers.isMetricName(name)) {
                throw new Invalid(Reason.BAD_METRIC_NAME, "metric name '" + name + "' is not [a-z0-9_]{1,64}");
            }
            JsonNode v = e.getValue();
            if (v.isBoolean()) {
                out.put(name, v.booleanValue());
            } else if (v.isNumber()) {
                double d = v.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new Invalid(Reason.NON_FINITE_NUMBER, "metric '" + name + "' is not a finite number");
                }
                out.put(name, d);
            } else {
                throw new Invalid(Reason.WRONG_TYPE,
                        "metric '" + name + "' must be a number or a boolean, got " + v.getNodeType().name().toLowerCase());
            }
        }
        return out;
    }

    private static FacilityEvent event(JsonNode n, long ts) throws Invalid {
        String type = requiredText(n, "type");
        EventType et = EventType.parse(type).orElseThrow(() -> new Invalid(Reason.UNKNOWN_VALUE,
                "\"type\" '" + type + "' is not one of fault, fault_cleared, alarm, alarm_cleared, door_open,"
                        + " door_closed, state, tamper"));
        String code = optionalText(n, "code", 64);
        String detail = optionalText(n, "detail", MAX_DETAIL_CHARS);
        Map<String, Object> state = null;
        JsonNode s = n.get("state");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw new Invalid(Reason.WRONG_TYPE, "\"state\" must be an object");
            }
            state = Json.MAPPER.convertValue(s, Json.MAPPER.getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, Object.class));
        }
        return new FacilityEvent(ts, seq(n), et, code, detail, state);
    }

    private static DeviceStatus status(JsonNode n, long ts) throws Invalid {
        JsonNode o = n.get("online");
        if (o == null || o.isNull()) {
            throw new Invalid(Reason.MISSING_FIELD, "\"online\" is required");
        }
        if (!o.isBoolean()) {
            throw new Invalid(Reason.WRONG_TYPE, "\"online\" must be a boolean");
        }
        Double battery = optionalNumber(n, "battery_pct");
        if (battery != null && (battery < 0 || battery > 100)) {
            throw new Invalid(Reason.OUT_OF_RANGE, "\"battery_pct\" must be within 0..100");
        }
        return new DeviceStatus(ts, o.booleanValue(), battery, optionalNumber(n, "rssi_dbm"));
    }

    private static ServiceRequestUpdate request(JsonNode n, long ts) throws Invalid {
        String requestId = requiredIdentifier(n, "requestId");
        String st = requiredText(n, "status");
        RequestStatus status = RequestStatus.parse(st).orElseThrow(() -> new Invalid(Reason.UNKNOWN_VALUE,
                "\"status\" '" + st + "' is not one of opened, assigned, in_progress, resolved, closed, reopened"));
        String category = status == RequestStatus.OPENED ? requiredIdentifier(n, "category") : optionalIdentifier(n, "category");
        Integer rating = null;
        JsonNode r = n.get("rating");
        if (r != null && !r.isNull()) {
            if (!r.isIntegralNumber()) {
                throw new Invalid(Reason.WRONG_TYPE, "\"rating\" must be an integer");
            }
            if (r.asInt() < 1 || r.asInt() > 5) {
                throw new Invalid(Reason.OUT_OF_RANGE, "\"rating\" must be within 1..5");
            }
            rating = r.asInt();
        }
        return new ServiceRequestUpdate(ts, requestId, status, category,
                optionalIdentifier(n, "building"), optionalIdentifier(n, "deviceId"),
                optionalText(n, "reporter", 64), optionalText(n, "channel", 64),
                optionalText(n, "description", MAX_TEXT_CHARS), optionalIdentifier(n, "assignee"), rating);
    }

    private static long requiredLong(JsonNode n, String field) throws Invalid {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid(Reason.MISSING_FIELD, "\"" + field + "\" is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new Invalid(Reason.WRONG_TYPE, "\"" + field + "\" must be an integer (epoch milliseconds)");
        }
        return v.asLong();
    }

    private static String requiredText(JsonNode n, String field) throws Invalid {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid(Reason.MISSING_FIELD, "\"" + field + "\" is required");
        }
        if (!v.isTextual()) {
            throw new Invalid(Reason.WRONG_TYPE, "\"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode n, String field, int maxChars) throws Invalid {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(Reason.WRONG_TYPE, "\"" + field + "\" must be a string");
        }
        if (v.textValue().length() > maxChars) {
            throw new Invalid(Reason.TOO_LONG, "\"" + field + "\" is longer than " + maxChars + " characters");
        }
        return v.textValue();
    }

    private static String requiredIdentifier(JsonNode n, String field) throws Invalid {
        String s = requiredText(n, field);
        if (!Identifiers.isIdentifier(s)) {
            throw new Invalid(Reason.BAD_IDENTIFIER, "\"" + field + "\" '" + s + "' is not 1-64 chars of [A-Za-z0-9_.-]");
        }
        return s;
    }

    private static String optionalIdentifier(JsonNode n, String field) throws Invalid {
        String s = optionalText(n, field, 64);
        if (s != null && !Identifiers.isIdentifier(s)) {
            throw new Invalid(Reason.BAD_IDENTIFIER, "\"" + field + "\" '" + s + "' is not 1-64 chars of [A-Za-z0-9_.-]");
        }
        return s;
    }

    private static Double optionalNumber(JsonNode n, String field) throws Invalid {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new Invalid(Reason.WRONG_TYPE, "\"" + field + "\" must be a number");
        }
        if (!Double.isFinite(v.doubleValue())) {
            throw new Invalid(Reason.NON_FINITE_NUMBER, "\"" + field + "\" is not a finite number");
        }
        return v.doubleValue();
    }

    /** Control flow for a validation failure; never escapes the codec. */
    private static final class Invalid extends Exception {
        final Reason reason;

        Invalid(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
