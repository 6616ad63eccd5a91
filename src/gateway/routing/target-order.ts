export interface WeightedTarget {
  /** Higher tiers are tried first; lower tiers are the fallbacks. */
  priority: number;
  /** Relative share of first tries within a tier; 0 or less means "only after the others". */
  weight: number;
}

/**
 * The order to try a route's targets in: by priority, higher first; within a tier, a weighted random
 * order without replacement (weight 3 comes first three times as often as weight 1), so load spreads
 * while every target of the tier still stays available for failover. Uses `random` once per position
 * of a tier but the last; returns a new array and leaves `targets` alone.
 */
export function orderTargets<T extends WeightedTarget>(targets: readonly T[], random: () => number): T[] {
  const ordered = targets.slice();
  if (ordered.length < 2) return ordered;
  // Most routes have one tier, already in order; skip the sort then. Array sort is stable.
  if (!isByPriority(ordered)) ordered.sort((left, right) => right.priority - left.priority);
  let tierStart = 0;
  while (tierStart < ordered.length) {
    const priority = ordered[tierStart]!.priority;
    let tierEnd = tierStart + 1;
    while (tierEnd < ordered.length && ordered[tierEnd]!.priority === priority) tierEnd++;
    shuffleByWeight(ordered, tierStart, tierEnd, random);
    tierStart = tierEnd;
  }
  return ordered;
}

function isByPriority(targets: readonly WeightedTarget[]): boolean {
  for (let i = 1; i < targets.length; i++) {
    if (targets[i]!.priority > targets[i - 1]!.priority) return false;
  }
  return true;
}

/**
 * Successive weighted draws in place over [start, end): each draw picks among those not yet placed,
 * in proportion to weight, and swaps the pick into the next position. O(n²) on a tier of a handful.
 */
function shuffleByWeight<T extends WeightedTarget>(
  items: T[],
  start: number,
  end: number,
  random: () => number,
): void {
  let remainingWeight = 0;
  for (let i = start; i < end; i++) remainingWeight += positiveWeight(items[i]!);
  for (let position = start; position < end - 1; position++) {
    // Only weightless targets are left: they keep their configured order.
    if (remainingWeight <= 0) return;
    const draw = random() * remainingWeight;
    let picked = -1;
    let cumulative = 0;
    for (let i = position; i < end; i++) {
      const weight = positiveWeight(items[i]!);
      if (weight === 0) continue;
      picked = i;
      cumulative += weight;
      if (draw < cumulative) break;
    }
    // Float drift can leave a sliver of weight with only weightless targets left.
    if (picked === -1) return;
    // picked is the last weighted one if rounding left `draw` at the very top.
    const chosen = items[picked]!;
    remainingWeight -= positiveWeight(chosen);
    if (picked !== position) {
      // Shift rather than swap, so the targets not yet placed keep their relative order (stability).
      for (let i = picked; i > position; i--) items[i] = items[i - 1]!;
      items[position] = chosen;
    }
  }
}

function positiveWeight(target: WeightedTarget): number {
  return target.weight > 0 && Number.isFinite(target.weight) ? target.weight : 0;
}
