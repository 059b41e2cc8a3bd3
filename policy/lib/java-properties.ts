/**
 * A reader for the java.util.Properties text format, enough for `server.properties`: comments
 * (`#`, `!`), `=`/`:`/whitespace separators, backslash line continuations and escapes.
 * Later keys win, as in Java.
 */
export function parseJavaProperties(text: string): Map<string, string> {
    const result = new Map<string, string>();
    for (const line of logicalLines(text)) {
        const trimmed = line.replace(/^\s+/, "");
        if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("!")) {
            continue;
        }
        const { key, value } = splitEntry(trimmed);
        result.set(unescape(key), unescape(value));
    }
    return result;
}

/** Joins lines ending in an odd number of backslashes with the (left-trimmed) next line. */
function logicalLines(text: string): string[] {
    const physical = text.split(/\r\n|\r|\n/);
    const lines: string[] = [];
    let pending = "";
    for (const raw of physical) {
        const line = pending === "" ? raw : raw.replace(/^\s+/, "");
        const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
        if (trailing % 2 === 1) {
            pending += line.slice(0, -1);
            continue;
        }
        lines.push(pending + line);
        pending = "";
    }
    if (pending !== "") {
        lines.push(pending);
    }
    return lines;
}

function splitEntry(line: string): { key: string; value: string } {
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === "\\") {
            i++;
            continue;
        }
        if (c === "=" || c === ":" || /\s/.test(c)) {
            let rest = line.slice(i + 1).replace(/^\s+/, "");
            if (/\s/.test(c) && (rest.startsWith("=") || rest.startsWith(":"))) {
                rest = rest.slice(1).replace(/^\s+/, "");
            }
            return { key: line.slice(0, i), value: rest };
        }
    }
    return { key: line, value: "" };
}

function unescape(text: string): string {
    return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escaped: string) => {
        if (escaped.startsWith("u") && escaped.length === 5) {
            return String.fromCharCode(parseInt(escaped.slice(1), 16));
        }
        return ({ t: "\t", n: "\n", r: "\r", f: "\f" } as Record<string, string>)[escaped] ?? escaped;
    });
}
