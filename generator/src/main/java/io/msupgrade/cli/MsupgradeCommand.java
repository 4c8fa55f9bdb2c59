package io.msupgrade.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top command. Subcommands only wire the stages together (model, rules, plan, render, run);
 * everything that decides something lives in those packages.
 */
@Command(name = "msupgrade",
        mixinStandardHelpOptions = true,
        versionProvider = MsupgradeCommand.Version.class,
        description = "Turns a Messaging Server deployment model into the Ansible and Terraform that upgrade it to 8.1.0.",
        subcommands = {
            ValidateCommand.class,
            PlanCommand.class,
            GenerateCommand.class,
            RehearseCommand.class,
            RunCommand.class,
            ProvisionCommand.class,
            SchemaCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:internal error",
            "2:usage error",
            "3:model invalid",
            "4:an external run (ansible-playbook, terraform, a rehearsal invariant) failed",
            "5:output refused (generated files edited by hand, foreign files in the way) or not writable"
        })
public final class MsupgradeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (validate, plan, generate, ...)");
    }

    /** Runs the command line; never lets an exception reach the user as a stack trace. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new MsupgradeCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("msupgrade: " + ex.getMessage());
            err.println("Try 'msupgrade --help' or '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'.");
            err.flush();
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> {
            err.println("msupgrade: internal error: " + ex);
            err.println("This is a bug in msupgrade; please report it with the model that caused it.");
            err.flush();
            return ExitCode.INTERNAL_ERROR;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The version from the jar's build, so --version and the generated files agree. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"msupgrade " + projectVersion()};
        }
    }

    public static String projectVersion() {
        try (InputStream in = MsupgradeCommand.class.getResourceAsStream("/io/msupgrade/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
