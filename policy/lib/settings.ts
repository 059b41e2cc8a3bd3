/**
 * Policy settings: one declaration per setting yields both the `configSchema` the engine
 * validates `--policy-pack-config` against and a typed reader with defaults. The defaults are
 * applied here too because @pulumi/policy's getConfig() returns only what was configured.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

interface IntegerSetting {
    type: "integer";
    default: number;
    minimum: number;
    description: string;
}
interface BooleanSetting {
    type: "boolean";
    default: boolean;
    description: string;
}
interface StringSetting {
    type: "string";
    default: string;
    description: string;
}
interface StringListSetting {
    type: "array";
    default: readonly string[];
    description: string;
}
export type Setting = IntegerSetting | BooleanSetting | StringSetting | StringListSetting;
export type Settings = Readonly<Record<string, Setting>>;

type ValueOf<S extends Setting> = S extends IntegerSetting
    ? number
    : S extends BooleanSetting
      ? boolean
      : S extends StringSetting
        ? string
        : readonly string[];
export type SettingValues<T extends Settings> = { readonly [K in keyof T]: ValueOf<T[K]> };

export const integer = (defaultValue: number, minimum: number, description: string): IntegerSetting => ({ type: "integer", default: defaultValue, minimum, description });
export const boolean = (defaultValue: boolean, description: string): BooleanSetting => ({ type: "boolean", default: defaultValue, description });
export const string = (defaultValue: string, description: string): StringSetting => ({ type: "string", default: defaultValue, description });
export const stringList = (defaultValue: readonly string[], description: string): StringListSetting => ({ type: "array", default: defaultValue, description });

export function configSchema(settings: Settings): PolicyConfigSchema {
    const properties: PolicyConfigSchema["properties"] = {};
    for (const [key, setting] of Object.entries(settings)) {
        properties[key] =
            setting.type === "array"
                ? { type: "array", items: { type: "string" }, default: [...setting.default], description: setting.description }
                : setting.type === "integer"
                  ? { type: "integer", minimum: setting.minimum, default: setting.default, description: setting.description }
                  : { type: setting.type, default: setting.default, description: setting.description };
    }
    return { properties };
}

/** Configured values over defaults. A value of the wrong type is an error, not silently ignored. */
export function readSettings<T extends Settings>(config: object, settings: T): SettingValues<T> {
    const configured = config as Readonly<Record<string, unknown>>;
    const result: Record<string, unknown> = {};
    for (const [key, setting] of Object.entries(settings)) {
        const value = configured[key];
        if (value === undefined) {
            result[key] = setting.default;
        } else if (matches(setting, value)) {
            result[key] = value;
        } else {
            throw new Error(`policy setting "${key}" must be ${EXPECTED[setting.type]}${setting.type === "integer" ? ` >= ${setting.minimum}` : ""}, got ${JSON.stringify(value)}`);
        }
    }
    return result as SettingValues<T>;
}

const EXPECTED: Readonly<Record<Setting["type"], string>> = { integer: "an integer", boolean: "a boolean", string: "a string", array: "an array of strings" };

function matches(setting: Setting, value: unknown): boolean {
    switch (setting.type) {
        case "integer":
            return typeof value === "number" && Number.isInteger(value) && value >= setting.minimum;
        case "boolean":
            return typeof value === "boolean";
        case "string":
            return typeof value === "string";
        case "array":
            return Array.isArray(value) && value.every((v) => typeof v === "string");
    }
}
