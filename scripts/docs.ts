/** npm run docs: regenerates the config reference in README.md from the schema. */
import * as fs from "fs";
import * as path from "path";
import { configReference, withReference } from "./lib/config-reference";
import { REPO_ROOT, projectName } from "./lib/stack-file";

const readme = path.join(REPO_ROOT, "README.md");
fs.writeFileSync(readme, withReference(fs.readFileSync(readme, "utf8"), configReference(projectName())));
console.log(`updated the config reference in ${path.relative(process.cwd(), readme)}`);
