/**
 * "Did you mean" for names the user typed (topic configs, topics, groups): the nearest known name when it is
 * near enough to be a typo. Pure: callers bring the known names.
 */

/**
 * Edits (insert, delete, substitute, swap two neighbours) between `a` and `b`: the optimal string alignment
 * distance, so a swap (`ordres` for `orders`) counts as one typo, not two.
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * How many edits still count as a typo of `name`: one for names of up to 3 characters (`a` is not a typo of
 * `xyz`), two up to 11, three beyond (generated names such as `app-7f3a-orders` and `app-9c1e-orders` are not
 * typos of each other).
 */
function typoLimit(name: string): number {
  return name.length <= 3 ? 1 : name.length <= 11 ? 2 : 3;
}

/**
 * The known name nearest to `name` when it is within typoLimit, else undefined. A name that differs only in
 * case is always near. Ties go to the first in `known`; `name` itself is never suggested.
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = name.toLowerCase();
  for (const k of known) {
    if (k === name) continue;
    const d = k.toLowerCase() === lower ? 0.5 : editDistance(name, k);
    if (d < bestScore) {
      bestScore = d;
      best = k;
    }
  }
  return best !== undefined && bestScore <= typoLimit(name) ? best : undefined;
}

/** ` (did you mean 'x'?)` for the nearest known name, or '' when none is near. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const near = nearestName(name, known);
  return near === undefined ? '' : ` (did you mean '${near}'?)`;
}

/**
 * The same for several missing names at once: ` (did you mean 'orders'?)` for one, ` (did you mean 'orders' for
 * 'ordres', 'payments' for 'paymnts'?)` for several; '' when none has a near name.
 */
export function didYouMeanAll(names: readonly string[], known: Iterable<string>): string {
  const list = [...known];
  if (names.length === 1) return didYouMean(names[0]!, list);
  const pairs = names.flatMap((n) => {
    const near = nearestName(n, list);
    return near === undefined ? [] : [`'${near}' for '${n}'`];
  });
  return pairs.length ? ` (did you mean ${pairs.join(', ')}?)` : '';
}
