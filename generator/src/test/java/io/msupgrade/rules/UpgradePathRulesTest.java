package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.assertClean;
import static io.msupgrade.rules.TestModels.assertError;
import static io.msupgrade.rules.TestModels.assertNone;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.topValue;
import static io.msupgrade.rules.TestModels.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;

/** MS001, MS002, MS014. */
class UpgradePathRulesTest {

    @Test
    void theBaseModelIsCleanAndTheLocatorsCountLikeTheReader() {
        String yaml = model().yaml();
        assertClean(TestModels.validate(yaml));
        // The base model's host entry, counted by hand: line 16 is "  - name: mta1".
        assertEquals("t.yaml:16:5", TestModels.entryOf(yaml, "mta1"));
        assertEquals("t.yaml:20:14", valueOf(yaml, "mta1", "version"));
        // ... and the reader agrees.
        assertError(model().host("mta1", "version: 6.3").validate(), "MS001", "t.yaml:20:14");
        assertEquals("t.yaml:4:12", TestModels.textAt(yaml, "8.1.0.26.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.2", "6.3", "6.3.1", "6", "5.2.0.1"})
    void ms001InstalledVersionBelow7(String installed) {
        var m = model().host("old1", "version: " + installed);
        ReadResult r = m.validate();
        Problem p = assertError(r, "MS001", valueOf(m.yaml(), "old1", "version"));
        assertTrue(p.message().contains("upgrade it to 7.x first"), p.message());
    }

    /** Issue 18, item 13: a release alone is refused at its value, with the five-part shape to write. */
    @ParameterizedTest
    @ValueSource(strings = {"8.0.2", "7.0.5", "8.0", "8.0.2.3"})
    void ms022AHostVersionIsTheWholePatchLevel(String installed) {
        var m = model().host("h1", "version: " + installed).previous(installed, "{ linux: /m/prev }");
        Problem p = assertError(m.validate(), "MS022", valueOf(m.yaml(), "h1", "version"));
        assertTrue(p.message().contains("'" + installed + "' names a release, not the installed patch level"), p.message());
        assertTrue(p.message().contains("imsimta version"), p.message());
        assertTrue(p.message().contains("e.g. " + installed), p.message());
    }

    @Test
    void ms001InstalledVersionNewerThanTheTarget() {
        var m = model().host("new1", "version: 8.1.0.27.0").previous("8.1.0.27.0", "{ linux: /m/x }");
        Problem p = assertError(m.validate(), "MS001", valueOf(m.yaml(), "new1", "version"));
        assertTrue(p.message().contains("never downgrades"), p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0.5.30.0", "7.0.5.33.0", "8.0.0.1.0", "8.0.1.3.0", "8.0.2.3.0", "8.1.0.20.0"})
    void ms001NotForSevenAndLater(String installed) {
        var m = model().host("h1", "version: " + installed).previous(installed, "{ linux: /m/prev }");
        ReadResult r = m.validate();
        assertNone(r, "MS001");
        assertClean(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.1", "8.2.0", "8", "8.0.2.3.0", "9.0.0", "8.1.0.26.0.1", "8.10.0"})
    void ms002TargetIsNot810(String version) {
        var m = model().target("version", version);
        Problem p = assertError(m.validate(), "MS002", "t.yaml:4:12");
        assertEquals(topValue(m.yaml(), "target").replace(":4:3", ":4:12"), p.location().toString());
        assertTrue(p.message().contains("8.1.0"), p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.1.0", "8.1.0.26", "8.1.0.26.0", "8.1.0.30.1"})
    void ms002NotFor810AndItsPatches(String version) {
        assertClean(model().target("version", version).validate());
    }

    @Test
    void ms014CassandraTargetAtOrAbove810270() {
        var m = model().cassandra().target("version", "8.1.0.27.0");
        Problem p = assertError(m.validate(), "MS014", "t.yaml:4:12");
        assertTrue(p.message().contains("below 8.1.0.27.0"), p.message());
        assertTrue(p.message().contains("line 5"), "points at target.store too: " + p.message());
        assertError(model().cassandra().target("version", "8.1.0.30.0").validate(), "MS014", "t.yaml:4:12");
    }

    @Test
    void ms014NotBelow810270NorForClassic() {
        assertClean(model().cassandra().target("version", "8.1.0.26.0").validate());
        assertClean(model().cassandra().target("version", "8.1.0").validate());
        assertClean(model().target("version", "8.1.0.27.0").validate());
    }
}
