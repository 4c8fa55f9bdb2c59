package io.msupgrade.run.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.cli.ExitCode;
import io.msupgrade.cli.MsupgradeCommand;
import io.msupgrade.model.Deployment;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.testing.Samples;

/**
 * {@code msupgrade run preflight} with the Directory Server host unreachable (issue 18): the real
 * ansible-playbook still checks every Messaging Server host in the same run and reports the
 * unreachable host, instead of stopping at the directory's play.
 */
class PreflightReachesEveryHostTest {

    @TempDir
    Path tmp;

    @Test
    void anUnreachableDirectoryHostDoesNotStopTheOtherHostsChecks() throws Exception {
        Path sample = Samples.all().stream().filter(p -> p.toString().contains("linux-frontends")).findFirst()
                .orElseThrow();
        Path out = tmp.resolve("out");
        assertEquals(0, MsupgradeCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "generate", sample.toString(), "-o", out.toString()));

        Deployment model = Samples.model(sample);
        Plan plan = new Planner().plan(model);
        Simulator sim = Simulator.install(tmp.resolve("simulator"), tmp.resolve("sandbox"), System.getenv());
        Map<String, Object> vars = sim.setup(RehearsalSpec.of(model, plan));
        Path inventory = RehearsalInventory.write(tmp.resolve("inventory"), out.resolve("ansible/inventory"),
                model.directory().passwordVar(), vars);
        // The Directory Server host answers no SSH: connection refused on a closed local port.
        String directory = model.directory().host();
        Files.writeString(inventory.resolve("host_vars/" + directory + ".yml"), """
                ansible_connection: ssh
                ansible_host: 127.0.0.1
                ansible_port: 1
                ansible_user: nobody
                ansible_ssh_common_args: -o ConnectTimeout=5 -o BatchMode=yes -o StrictHostKeyChecking=no
                """);

        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = MsupgradeCommand.run(new PrintWriter(stdout), new PrintWriter(stderr), "run", sample.toString(),
                "-o", out.toString(), "preflight", "--", "-i", inventory.toString());
        String all = stdout + "\n" + stderr;
        assertEquals(ExitCode.EXTERNAL_FAILED, code, all);
        assertTrue(stdout.toString().contains("fatal: [" + directory + "]: UNREACHABLE!"), all);
        assertTrue(stderr.toString().contains("ansible-playbook exited 4"), "4: hosts unreachable, no task failed\n" + all);

        Set<String> checked = JournalLines.read(sim.journal()).stream().map(JournalEntry::hostName)
                .collect(Collectors.toSet());
        List<String> upgraded = plan.hosts().stream().map(HostPlan::name).toList();
        assertTrue(checked.containsAll(upgraded), "every Messaging Server host was checked: " + checked + "\n" + all);
        for (String host : upgraded) {
            assertTrue(stdout.toString().matches("(?s).*\\n" + java.util.regex.Pattern.quote(host)
                    + " +: ok=\\d+ +changed=0 +unreachable=0 +failed=0.*"), host + " checked and passed\n" + all);
        }
    }
}
