package io.msupgrade.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.msupgrade.model.Suggest;
import io.msupgrade.model.Target;

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
        // Subcommands: SUBCOMMANDS, registered in run().
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            // the numbers from ExitCode (constant expressions), so help and code cannot disagree
            ExitCode.OK + ":ok",
            ExitCode.INTERNAL_ERROR + ":internal error",
            ExitCode.USAGE + ":usage error (also a model file that is not there or cannot be read, an unsafe -o)",
            ExitCode.MODEL_INVALID + ":model invalid",
            ExitCode.EXTERNAL_FAILED + ":an external run (ansible-playbook, terraform, a rehearsal invariant) failed",
            ExitCode.OUTPUT_REFUSED + ":output refused (generated files edited by hand, files of yours where msupgrade would write) or not"
                    + " writable; nothing is changed"
        })
public final class MsupgradeCommand implements Runnable {

    /**
     * The subcommands, by name, in the order help lists them. Registered in {@link #run} rather
     * than in the annotation: picocli builds every registered command's model by reflection at
     * start-up, so a run that names its subcommand first registers that one alone (start-up,
     * bench/README.md); anything else (help, --version, a typo) registers them all, as before.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("discover", DiscoverCommand.class);
        SUBCOMMANDS.put("validate", ValidateCommand.class);
        SUBCOMMANDS.put("plan", PlanCommand.class);
        SUBCOMMANDS.put("generate", GenerateCommand.class);
        SUBCOMMANDS.put("rehearse", RehearseCommand.class);
        SUBCOMMANDS.put("run", RunCommand.class);
        SUBCOMMANDS.put("provision", ProvisionCommand.class);
        SUBCOMMANDS.put("schema", SchemaCommand.class);
        SUBCOMMANDS.put("collection", CollectionCommand.class);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand.class);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (validate, plan, generate, ...)");
    }

    /** Runs the command line; never lets an exception reach the user as a stack trace. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new MsupgradeCommand());
        String first = args.length > 0 ? args[0] : null;
        boolean one = first != null && !"help".equals(first) && SUBCOMMANDS.containsKey(first);
        SUBCOMMANDS.forEach((name, command) -> {
            if (!one || name.equals(first)) {
                cli.addSubcommand(name, command); // before the settings below, which reach only those present
            }
        });
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> usageError(ex.getCommandLine(), ex, err));
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof ModelInput.UsageException usage) {
                return usageError(c, usage, err);
            }
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

    /**
     * A usage error: what is wrong, then where help is. A command's own help first, as that is the
     * one that explains its options; the top-level help alone when the command itself is unknown.
     */
    private static int usageError(CommandLine c, RuntimeException ex, PrintWriter err) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && c.getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            String word = u.getUnmatched().get(0);
            List<String> close = c.getSubcommands().keySet().stream().filter(name -> Suggest.distance(word, name) <= 2).toList();
            err.println("msupgrade: unknown command '" + word + "'"
                    + (close.isEmpty() ? "" : " (did you mean '" + close.get(0) + "'?)")
                    + "; the commands are " + String.join(", ", c.getSubcommands().keySet()));
        } else {
            err.println("msupgrade: " + ex.getMessage());
        }
        String name = c.getCommandSpec().qualifiedName();
        err.println(c.getParent() == null ? "Try 'msupgrade --help'." : "Try '" + name + " --help' or 'msupgrade --help'.");
        err.flush();
        return ExitCode.USAGE;
    }

    /** The version from the jar's build, so --version and the generated files agree. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"msupgrade " + projectVersion(),
                "upgrades Oracle Communications Messaging Server to " + Target.RELEASE};
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
