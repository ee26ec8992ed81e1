/**
 * Nelder–Mead simplex minimisation (standard coefficients: reflection 1, expansion 2,
 * contraction ½, shrink ½), deterministic, for the small smooth problems of model fitting
 * (a GARCH likelihood in three transformed parameters). Stops when the simplex's values agree to
 * `tolerance` or after `maxIterations`; restarts once from the best point to escape a collapsed simplex.
 */
export interface MinimizeOptions {
  readonly step?: number;
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

export interface Minimum {
  readonly point: number[];
  readonly value: number;
  readonly iterations: number;
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: MinimizeOptions = {},
): Minimum {
  let best = simplexSearch(f, start, options);
  const again = simplexSearch(f, best.point, options);
  if (again.value <= best.value) best = { ...again, iterations: best.iterations + again.iterations };
  return best;
}

function simplexSearch(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: MinimizeOptions,
): Minimum {
  const n = start.length;
  const step = options.step ?? 0.5;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 2000;
  const evaluate = (x: number[]): number => {
    const v = f(x);
    return v === v ? v : Number.POSITIVE_INFINITY;
  };
  const points: number[][] = [[...start]];
  for (let i = 0; i < n; i++) {
    const p = [...start];
    p[i] = (p[i] as number) + step;
    points.push(p);
  }
  const values = points.map(evaluate);
  const order = points.map((_, i) => i);
  let iterations = 0;
  const combine = (a: number[], b: number[], t: number): number[] => a.map((ai, i) => ai + t * ((b[i] as number) - ai));
  for (; iterations < maxIterations; iterations++) {
    order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
    const bestIndex = order[0] as number;
    const worstIndex = order[n] as number;
    const secondWorst = values[order[n - 1] as number] as number;
    const low = values[bestIndex] as number;
    const high = values[worstIndex] as number;
    if (Math.abs(high - low) <= tolerance * (Math.abs(low) + Math.abs(high) + 1e-300)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const p = points[order[k] as number] as number[];
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + (p[i] as number) / n;
    }
    const worst = points[worstIndex] as number[];
    const reflected = combine(centroid, worst, -1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < low) {
      const expanded = combine(centroid, worst, -2);
      const expandedValue = evaluate(expanded);
      if (expandedValue < reflectedValue) {
        points[worstIndex] = expanded;
        values[worstIndex] = expandedValue;
      } else {
        points[worstIndex] = reflected;
        values[worstIndex] = reflectedValue;
      }
    } else if (reflectedValue < secondWorst) {
      points[worstIndex] = reflected;
      values[worstIndex] = reflectedValue;
    } else {
      const outside = reflectedValue < high;
      const contracted = combine(centroid, worst, outside ? -0.5 : 0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < (outside ? reflectedValue : high)) {
        points[worstIndex] = contracted;
        values[worstIndex] = contractedValue;
      } else {
        const bestPoint = points[bestIndex] as number[];
        for (let k = 1; k <= n; k++) {
          const index = order[k] as number;
          points[index] = combine(bestPoint, points[index] as number[], 0.5);
          values[index] = evaluate(points[index] as number[]);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let k = 1; k <= n; k++) if ((values[k] as number) < (values[bestIndex] as number)) bestIndex = k;
  return { point: [...(points[bestIndex] as number[])], value: values[bestIndex] as number, iterations };
}
