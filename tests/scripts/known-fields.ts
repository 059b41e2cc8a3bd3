/**
 * Unknown-field check for core Kubernetes kinds, which the kubernetes-models validators do not
 * do (the OpenAPI spec leaves additionalProperties open; the API server rejects or prunes
 * unknown fields). Field names come from the same package's type declarations (generated from
 * the same spec), read with the TypeScript compiler: every object key must be a property of its
 * declared type, or the type must be a map (string index signature).
 */
import * as path from "path";
import * as ts from "typescript";

export type FieldChecker = (object: { apiVersion: string; kind: string }) => string[];

/** Builds a checker for the given core kinds (`["apps/v1", "StatefulSet"]`); loading the declarations takes a few seconds. */
export function knownFieldChecker(kinds: ReadonlyArray<readonly [apiVersion: string, kind: string]>): FieldChecker {
    const file = path.resolve(__dirname, "__kubernetes-kinds.ts");
    const text = kinds.map(([v, k], i) => `import type { I${k} as T${i} } from "kubernetes-models/${v}/${k}";\nexport type K${i} = T${i};`).join("\n");
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, strict: true, skipLibCheck: true, noEmit: true, types: [] };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.getSourceFile = (f, language, ...rest) => (path.resolve(f) === file ? ts.createSourceFile(f, text, language) : getSourceFile(f, language, ...rest));
    host.fileExists = (f) => path.resolve(f) === file || fileExists(f);
    const program = ts.createProgram([file], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    if (problems.length > 0) throw new Error(`kubernetes-models declarations: ${problems.join("; ")}`);
    const checker = program.getTypeChecker();
    const declared = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);
    const types = new Map(kinds.map(([v, k], i) => [`${v}/${k}`, checker.getDeclaredTypeOfSymbol(declared.find((s) => s.name === `K${i}`)!)]));

    const unknownFields = (value: unknown, declaredType: ts.Type, at: string): string[] => {
        if (value === null || typeof value !== "object") return [];
        let type = checker.getNonNullableType(declaredType);
        if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
        if (type.isUnion()) {
            // IntOrString and the like: only an object member constrains keys.
            const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
            if (objects.length !== 1) return [];
            type = objects[0];
        }
        if (Array.isArray(value)) {
            if (!checker.isArrayType(type)) return [`${at}: is a list where the schema has an object`];
            const element = checker.getTypeArguments(type as ts.TypeReference)[0];
            return value.flatMap((v, i) => unknownFields(v, element, `${at}[${i}]`));
        }
        const index = type.getStringIndexType();
        return Object.entries(value).flatMap(([key, v]) => {
            const property = type.getProperty(key);
            if (property) return unknownFields(v, checker.getTypeOfSymbol(property), `${at}.${key}`);
            return index ? unknownFields(v, index, `${at}.${key}`) : [`${at}.${key}: unknown field`];
        });
    };

    return (object) => {
        const type = types.get(`${object.apiVersion}/${object.kind}`);
        if (!type) throw new Error(`knownFieldChecker was not built for ${object.apiVersion} ${object.kind}`);
        return unknownFields(object, type, "$");
    };
}
