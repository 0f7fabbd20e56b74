package io.finegrid.jobs.status;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.finegrid.jobs.rollup.Sample;

/** The {@code device_status} measurement (CONTRACT §4): written when online or battery changes. */
public final class DeviceStatusPoint {
    public static final String MEASUREMENT = "device_status";

    private DeviceStatusPoint() {}

    /** The last status a device reported (battery NaN when it reported none). */
    public static class Last {
        public boolean online;
        public double batteryPct;
        public long ts;

        public Last() {}

        public Last(boolean online, double batteryPct, long ts) {
            this.online = online;
            this.batteryPct = batteryPct;
            this.ts = ts;
        }
    }

    public static boolean changed(Last before, Last now) {
        return before == null || before.online != now.online
                || (!Double.isNaN(now.batteryPct) && Double.compare(before.batteryPct, now.batteryPct) != 0);
    }

    public static String of(Sample id, Last s) {
        Point p = Point.measurement(MEASUREMENT)
                .addTag("community", id.community)
                .addTag("grid", id.grid)
                .addTag("building", id.building)
                .addTag("device", id.deviceId)
                .addTag("device_type", id.deviceType)
                .addField("online", s.online)
                .time(s.ts, WritePrecision.MS);
        if (!Double.isNaN(s.batteryPct)) {
            p.addField("battery_pct", s.batteryPct);
        }
        return p.toLineProtocol();
    }
}
