/** "Did you mean …?" for misspelt keys, namespaces and values. */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/** Comparable form: case, `-`/`_`/`.` and camelCase differences do not count as typos. */
function normalize(s: string): string {
    return s.toLowerCase().replace(/[-_.:\s]/g, "");
}

/**
 * The candidate `input` most likely meant, or undefined when none is close: within a third of
 * the length (at least 1, at most 3 edits) after normalizing case and separators.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
    const n = normalize(input);
    const list = [...candidates];
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of list) {
        if (c === input) continue;
        const distance = editDistance(n, normalize(c));
        if (distance < bestDistance) {
            best = c;
            bestDistance = distance;
        }
    }
    const allowed = Math.min(3, Math.max(1, Math.floor(n.length / 3)));
    if (best !== undefined && bestDistance <= allowed) return best;
    // A word cut short with another ending (secure → security): the one candidate it starts.
    const stem = n.slice(0, -1);
    const started = stem.length >= 4 ? list.filter((c) => c !== input && normalize(c).startsWith(stem)) : [];
    return started.length === 1 ? started[0] : undefined;
}

/** ` (did you mean X?)` or "". */
export function didYouMean(input: string, candidates: Iterable<string>, format: (s: string) => string = (s) => s): string {
    const c = closest(input, candidates);
    return c === undefined ? "" : ` (did you mean ${format(c)}?)`;
}
