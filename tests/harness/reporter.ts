/**
 * Mocha's spec reporter plus a last line in the plain form CI tools read:
 * "N passed, N failed" (", N skipped" when there are pending tests).
 */
import Mocha from "mocha";

class SpecWithTotals extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const s = runner.stats!;
            process.stdout.write(`\n${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ""}\n`);
        });
    }
}

export = SpecWithTotals;
