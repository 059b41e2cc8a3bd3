/**
 * What the offline render (scripts/lib/stack-file.ts) passes for a `secure:` stack value it cannot
 * decrypt, and what the config checks recognise as one. A module of its own so the render and
 * policy CLIs can read stack files without loading the config schema and the Pulumi SDK.
 */
export const SECRET_PLACEHOLDER = "[secret]";
