/**
 * Mocha's spec reporter plus, at the end, the slowest test files (8; SLOWEST_FILES=N for more) and a last line in the plain
 * form CI tools read: "N passed, N failed" (", N skipped" when there are pending tests).
 * Works in parallel mode too: the per-file figure adds up the durations of the file's tests and
 * hooks (its `before` evaluations), which workers report with each event; loading the file's
 * modules is not counted.
 */
import * as path from "path";
import Mocha from "mocha";

const SLOWEST_FILES = Number(process.env.SLOWEST_FILES ?? 8);

class SpecWithTotals extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        const perFile = new Map<string, number>();
        const add = (runnable: Mocha.Runnable) => {
            if (runnable.file && runnable.duration) perFile.set(runnable.file, (perFile.get(runnable.file) ?? 0) + runnable.duration);
        };
        runner.on(Mocha.Runner.constants.EVENT_TEST_END, add);
        runner.on(Mocha.Runner.constants.EVENT_HOOK_END, add);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, SLOWEST_FILES);
            if (slowest.length > 0) {
                process.stdout.write(`\nslowest files (time in tests and hooks):\n`);
                for (const [file, ms] of slowest) process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${path.relative(process.cwd(), file)}\n`);
            }
            const s = runner.stats!;
            process.stdout.write(`\n${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ""}\n`);
        });
    }
}

export = SpecWithTotals;
