/**
 * Kubernetes label-selector semantics (metav1.LabelSelector), for matching a PDB to the pods
 * of a StatefulSet. In policy/v1 an empty selector selects every pod in the namespace; an
 * absent one selects none.
 */
import { asArray, asString, asStringMap, isRecord } from "./props";

export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
    if (!isRecord(selector)) {
        return false;
    }
    for (const [key, value] of Object.entries(asStringMap(selector.matchLabels))) {
        if (labels[key] !== value) {
            return false;
        }
    }
    return asArray(selector.matchExpressions).every((expression) => expressionMatches(expression, labels));
}

function expressionMatches(expression: unknown, labels: Readonly<Record<string, string>>): boolean {
    const key = asString(isRecord(expression) ? expression.key : undefined);
    const operator = asString(isRecord(expression) ? expression.operator : undefined);
    if (key === undefined || operator === undefined || !isRecord(expression)) {
        return false;
    }
    const values = asArray(expression.values).filter((v): v is string => typeof v === "string");
    const present = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
        case "In":
            return present && values.includes(labels[key]);
        case "NotIn":
            return !present || !values.includes(labels[key]);
        case "Exists":
            return present;
        case "DoesNotExist":
            return !present;
        default:
            return false;
    }
}
