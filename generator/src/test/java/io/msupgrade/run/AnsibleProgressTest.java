package io.msupgrade.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress lines of {@code run} and {@code rehearse}, from the real ansible-playbook's output: one
 * line per play as it ends with that play's own counts, serial batches inside their play, and one
 * line for the whole run, each once.
 */
class AnsibleProgressTest {

    @TempDir
    Path tmp;

    private static final String PLAYBOOK = """
            ---
            - name: First play
              hosts: h1
              gather_facts: false
              tasks:
                - name: Change one thing
                  ansible.builtin.command: "true"
                  changed_when: true

            - name: Serial play
              hosts: all
              gather_facts: false
              serial: 1
              tasks:
                - name: Say a
                  ansible.builtin.debug:
                    msg: a
                - name: Say b
                  ansible.builtin.debug:
                    msg: b

            - name: Nobody
              hosts: nosuchgroup
              gather_facts: false
              tasks:
                - name: Never runs
                  ansible.builtin.debug:
                    msg: x

            - name: Last play
              hosts: h2,h3
              gather_facts: false
              tasks:
                - name: Fail on h3
                  ansible.builtin.fail:
                    msg: no
                  when: inventory_hostname == 'h3'
            """;

    @Test
    void oneLinePerPlayWithItsOwnCountsAndOneForTheRun() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ansible/playbooks"));
        Files.writeString(dir.resolve("p.yml"), PLAYBOOK);
        Path ansible = dir.getParent();
        Files.writeString(ansible.resolve("ansible.cfg"), "[defaults]\nretry_files_enabled = false\n");
        Files.writeString(ansible.resolve("inventory"), """
                [all:vars]
                ansible_connection=local
                ansible_python_interpreter=/usr/bin/python3
                [hosts]
                h1
                h2
                h3
                [nosuchgroup]
                """);
        List<String> progress = new ArrayList<>();
        AnsibleRunner.Outcome outcome = new AnsibleRunner(ansible, System.getenv(), Duration.ofMinutes(5))
                .run("p", List.of(), tmp.resolve("p.log"), line -> { }, progress::add, null);
        assertEquals(2, outcome.result().exitCode(), String.join("\n", progress));
        assertEquals(List.of(
                "msupgrade: p · play 1 \"First play\" · 1 task · 1 host, 1 change, 0 failed",
                "msupgrade: p · play 2 \"Serial play\" · 3 batches · 2 tasks · 3 hosts, 0 changes, 0 failed",
                "msupgrade: p · play 3 \"Nobody\" · no hosts matched",
                "msupgrade: p · play 4 \"Last play\" · 1 task · 2 hosts, 0 changes, 1 failed (h3)",
                "msupgrade: p · 4 plays in all · 3 hosts, 1 change, 1 failed (h3)"), progress);
        assertEquals(1, outcome.changes());
    }

    @Test
    void aRunStoppedMidPlaySaysSoOnce() {
        AnsibleProgress p = new AnsibleProgress("upgrade");
        assertEquals(null, p.accept("PLAY [Wave 1] *****"));
        p.accept("TASK [inplace_upgrade : Stop the services] ****");
        p.accept("changed: [mta1]");
        assertEquals(List.of("msupgrade: upgrade · play 1 \"Wave 1\" · 1 task · 1 host, 1 change, 0 failed"
                + " (stopped before its end)", "msupgrade: upgrade · 1 play in all · 1 host, 1 change, 0 failed"), p.finish());
    }
}
