package io.msupgrade.run;

import java.time.Duration;

import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.Watchdog;

/**
 * A watchdog that ends the whole process tree on timeout, not just the program it started:
 * ansible-playbook's forked workers and terraform's provider plugins inherit its output, so
 * killing only the parent would leave them running and the run waiting for their output to close.
 */
final class TreeKillingWatchdog extends ExecuteWatchdog {

    private Process process;

    /** @param timeout how long the program may run; {@link Duration#ZERO} for no limit */
    @SuppressWarnings("deprecation") // the builder cannot make a subclass; the constructor is the same watchdog
    TreeKillingWatchdog(Duration timeout) {
        super(timeout.isZero() ? INFINITE_TIMEOUT : timeout.toMillis());
    }

    @Override
    public synchronized void start(Process started) {
        this.process = started;
        super.start(started);
    }

    @Override
    public synchronized void timeoutOccured(Watchdog w) {
        if (process != null) {
            process.toHandle().descendants().forEach(ProcessHandle::destroy);
        }
        super.timeoutOccured(w);
    }
}
