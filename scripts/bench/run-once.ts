/** One measured run in a fresh process, as `pulumi preview` starts one: `<stack> <program>`. */
import * as path from "path";
import { runProgram } from "../lib/runtime";

async function main(): Promise<void> {
    const [stack, program] = process.argv.slice(2);
    const { resources } = await runProgram({ stack, program: path.resolve(program) });
    process.stdout.write(JSON.stringify({ resources: resources.length }));
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
