package io.msupgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/** Every command's {@code --timeout} reads the same words the same way (run once refused "90", provision took it). */
class TimeoutGrammarTest {

    @Test
    void everyTimeoutOptionUsesTheOneConverter() {
        List<String> commands = new ArrayList<>();
        MsupgradeCommand.SUBCOMMANDS.forEach((name, type) -> {
            OptionSpec timeout = new CommandLine(type).getCommandSpec().findOption("--timeout");
            if (timeout != null) {
                commands.add(name);
                assertEquals(1, timeout.converters().length, name);
                assertTrue(timeout.converters()[0] instanceof DurationConverter, name + " --timeout: "
                        + timeout.converters()[0].getClass().getName());
            }
        });
        assertTrue(commands.containsAll(List.of("run", "provision", "discover")), commands.toString());
    }

    @Test
    void theGrammar() {
        DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofSeconds(90), c.convert("90s"));
        assertEquals(Duration.ofMinutes(30), c.convert("30m"));
        assertEquals(Duration.ofHours(2), c.convert(" 2H "));
        assertEquals(Duration.ZERO, c.convert("none"));
        assertEquals(Duration.ZERO, c.convert("0"));
        for (String wrong : List.of("90", "PT30M", "-5m", "1.5h", "m", "")) {
            TypeConversionException e = assertThrows(TypeConversionException.class, () -> c.convert(wrong), wrong);
            assertTrue(e.getMessage().contains("use 90s, 30m, 2h or none"), e.getMessage());
        }
        assertFalse(c.convert("10m").isZero());
    }
}
