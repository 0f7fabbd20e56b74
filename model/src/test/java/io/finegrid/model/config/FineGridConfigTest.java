package io.finegrid.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.config.RulesConfig.ThresholdRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FineGridConfigTest {
    static final String COMMUNITY = """
            community: c1
            name: Greenview
            grids:
              - {id: G1, name: North, manager: gm-north}
            buildings:
              - {id: B01, grid: G1, residents: 240}
            devices:
              - {id: wp-B01-1, type: water_pump, building: B01, interval: 10s}
            deviceGroups:
              - {type: smoke_detector, perBuilding: 2, id: "sd-{building}-{n}", interval: 60s}
            """;
    static final String RULES = """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 60s, severity: major, category: water_supply}
              - {id: device-offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: water_supply}
            """;
    static final String SERVICES = """
            services:
              - {category: water_supply, name: Water supply, respond: 30m, resolve: 4h}
            backlog:
              openPerGrid: 20
              consultation: {reports: 5, within: 24h, scope: building}
            """;
    static final String RESPONSIBILITIES = """
            recipients:
              - {id: crew-water-2, org: utility-water, channels: [{mqtt: "fg/c1/crews/crew-water-2"}]}
              - {id: gm-north, org: committee-north, channels: [{email: "gm-north@example.org"}]}
            assignments:
              - grid: "*"
                category: water_supply
                crew: crew-water-2
                escalate: [{after: 15m, to: gm-north}]
            """;

    @Test
    void parsesAllFourFilesIntoTypedRecords() {
        FineGridConfig c = FineGridConfig.parse(COMMUNITY, RULES, SERVICES, RESPONSIBILITIES);
        assertEquals("c1", c.community().community());
        assertEquals(3, c.community().devices().size(), "1 listed + 2 generated");
        assertEquals("B01", c.community().devicesById().get("sd-B01-2").building());
        ThresholdRule r = (ThresholdRule) c.rules().rules().get(0);
        assertEquals(ThresholdRule.Direction.BELOW, r.direction());
        assertEquals(0.15, r.threshold());
        assertEquals(0.18, r.clear());
        assertEquals(Duration.ofSeconds(60), r.holdFor());
        assertEquals(Duration.ofHours(24), c.services().backlog().consultation().within());
        assertEquals("crew-water-2", c.responsibilities().ownerOf("G1", "water_supply").orElseThrow().crew());
    }

    /** The community of 60,000 devices (about 4 MiB) that SnakeYAML's default limit of 3 MiB refused. */
    @Test
    void aCommunityOfTensOfThousandsOfDevicesParses() {
        String big = largeCommunity(60_000);
        assertTrue(big.length() > 3 * 1024 * 1024, "over the parser's default limit: " + big.length());
        FineGridConfig c = FineGridConfig.parse(big, RULES, SERVICES, RESPONSIBILITIES);
        assertEquals(60_000, c.community().devices().size());
        assertEquals("B07", c.community().devicesById().get("wp-59907").building());
    }

    /** {@code community.yaml} with {@code devices} water pumps in 100 buildings of grid G1 (the rules' category). */
    static String largeCommunity(int devices) {
        StringBuilder b = new StringBuilder("community: c1\ngrids:\n  - {id: G1, manager: gm-north}\nbuildings:\n");
        for (int i = 0; i < 100; i++) {
            b.append("  - {id: B").append(String.format(java.util.Locale.ROOT, "%02d", i)).append(", grid: G1}\n");
        }
        b.append("devices:\n");
        for (int d = 0; d < devices; d++) {
            b.append("  - {id: wp-").append(d).append(", type: water_pump, building: B")
                    .append(String.format(java.util.Locale.ROOT, "%02d", d % 100)).append(", interval: 10s}\n");
        }
        return b.toString();
    }

    @Test
    void loadsTheDemoConfiguration() {
        Path demo = Path.of(System.getProperty("fg.project.root", "..")).resolve("demo");
        FineGridConfig c = FineGridConfig.load(demo);
        assertTrue(c.community().devices().size() > 20);
        assertEquals(8, c.rules().rules().size());
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("community.yaml", COMMUNITY.replace("name: Greenview", "nmae: Greenview"), 2, "unknown key 'nmae'"),
                Arguments.of("community.yaml", COMMUNITY.replace("building: B01, interval", "building: B09, interval"), 8, "B09"),
                Arguments.of("community.yaml", COMMUNITY.replace("grid: G1, residents", "grid: G7, residents"), 6, "G7"),
                Arguments.of("community.yaml", COMMUNITY.replace("interval: 10s", "interval: 10 seconds"), 8, "not a duration"),
                Arguments.of("community.yaml", COMMUNITY.replace("id: G1, name", "id: G1, name: x, name"), 4, "duplicate key"),
                Arguments.of("community.yaml", COMMUNITY + "  - {type: smoke_detector, perBuilding: 1, id: \"wp-{building}-{n}\", interval: 1s}\n", 11, "already exists"),
                Arguments.of("community.yaml", "grids: [", 1, "not valid YAML"),
                Arguments.of("rules.yaml", RULES.replace("category: water_supply}\n  - {id: device", "category: plumbing}\n  - {id: device"), 3, "plumbing"),
                Arguments.of("rules.yaml", RULES.replace("kind: offline", "kind: sometimes"), 4, "rule kind"),
                Arguments.of("rules.yaml", RULES.replace("clear: 0.18", "clear: 0.1"), 3, "must not be below"),
                Arguments.of("rules.yaml", RULES.replace("below: 0.15", "above: 0.1, below: 0.15"), 2, "exactly one"),
                Arguments.of("rules.yaml", RULES.replace("severity: minor", "severity: urgent"), 4, "severity"),
                Arguments.of("rules.yaml", RULES.replace("missed: 3", "missed: 0"), 4, "positive"),
                Arguments.of("services.yaml", SERVICES.replace("respond: 30m", "respond: soon"), 2, "not a duration"),
                Arguments.of("services.yaml", SERVICES.replace("scope: building", "scope: planet"), 5, "scope"),
                Arguments.of("responsibilities.yaml", RESPONSIBILITIES.replace("to: gm-north", "to: gm-south"), 8, "gm-south"),
                Arguments.of("responsibilities.yaml", RESPONSIBILITIES.replace("crew: crew-water-2", "crew: nobody"), 7, "nobody"),
                Arguments.of("responsibilities.yaml", RESPONSIBILITIES.replace("grid: \"*\"", "grid: G5"), 5, "G5"),
                Arguments.of("responsibilities.yaml", RESPONSIBILITIES.replace("category: water_supply", "category: roads"), 6, "roads"),
                Arguments.of("responsibilities.yaml", RESPONSIBILITIES.replace("{id: gm-north, org: committee-north, channels: [{email: \"gm-north@example.org\"}]}",
                        "{id: gm-x, org: committee-north}").replace("to: gm-north", "to: gm-x"), 1, "manager 'gm-north'"),
                Arguments.of("responsibilities.yaml", RESPONSIBILITIES.replace("category: water_supply", "category: \"*\"")
                        .replace("grid: \"*\"", "grid: G1"), 1, null),
                Arguments.of("responsibilities.yaml", RESPONSIBILITIES.replace("{mqtt: \"fg/c1/crews/crew-water-2\"}", "{pager: \"123\"}"), 2, "unknown key 'pager'"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {3}")
    @MethodSource("broken")
    void rejectsWithFileLineAndReason(String file, String text, int line, String reason) {
        String community = file.equals("community.yaml") ? text : COMMUNITY;
        String rules = file.equals("rules.yaml") ? text : RULES;
        String services = file.equals("services.yaml") ? text : SERVICES;
        String resp = file.equals("responsibilities.yaml") ? text : RESPONSIBILITIES;
        if (reason == null) {
            // Coverage holds (G1 is the only grid, '*' covers it): this variant must load.
            FineGridConfig.parse(community, rules, services, resp);
            return;
        }
        ConfigException e = assertThrows(ConfigException.class, () -> FineGridConfig.parse(community, rules, services, resp));
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }

    @Test
    void categoryWithoutOwnerInAGridIsAnError() {
        String services = SERVICES.replace("services:\n", "services:\n  - {category: sanitation, respond: 4h, resolve: 1d}\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> FineGridConfig.parse(COMMUNITY, RULES, services, RESPONSIBILITIES));
        assertTrue(e.getMessage().contains("no assignment owns category 'sanitation' in grid 'G1'"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() throws Exception {
        Path dir = Files.createTempDirectory("fg-cfg");
        ConfigException e = assertThrows(ConfigException.class, () -> FineGridConfig.load(dir));
        assertTrue(e.getMessage().contains("community.yaml"), e.getMessage());
    }
}
