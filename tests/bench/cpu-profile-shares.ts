/**
 * Where a run's time goes, by the V8 sampling profiler in process (`node:inspector`): each sample's stack is put in
 * the first class whose test matches one of its frames (innermost to outermost, the classes in the order given),
 * else "other"; the idle and garbage-collector pseudo-frames are their own classes, and the profiler's own
 * samples (its stop, in node:inspector) are left out. Sampling perturbs what it
 * measures a little: run it apart from the timed runs. Not a bench.
 */
import { Session } from 'node:inspector/promises';

export interface ProfileClass {
  /** Short name for figures. */
  readonly key: string;
  readonly name: string;
  /** True when a frame's script URL (and function name) belongs to this class. */
  readonly test: (url: string, functionName: string) => boolean;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly url: string; readonly functionName: string };
  readonly children?: readonly number[];
}

/** The pseudo-frames' classes. */
export const IDLE_CLASS = 'idle';
export const GC_CLASS = 'gc';
export const OTHER_CLASS = 'other';

/** Milliseconds per class key over `work`, and the total sampled. */
export async function profileShares(classes: readonly ProfileClass[], work: () => Promise<void>, intervalUs = 100): Promise<{ totalMs: number; ms: Record<string, number> }> {
  const session = new Session();
  session.connect();
  let profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    try {
      await work();
    } finally {
      ({ profile } = (await session.post('Profiler.stop')) as unknown as { profile: typeof profile });
    }
  } finally {
    session.disconnect();
  }
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const memo = new Map<number, string | null>();
  const classify = (id: number): string | null => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const frames: ProfileNode['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!.callFrame);
    // The profiler's own work (stopping, collecting the profile) is left out.
    if (frames.some((f) => f.url === 'node:inspector' || f.url === 'node:inspector/promises')) {
      memo.set(id, null);
      return null;
    }
    const top = frames[0]!.functionName;
    let name = top === '(idle)' ? IDLE_CLASS : top === '(garbage collector)' ? GC_CLASS : undefined;
    name ??= classes.find((c) => frames.some((f) => c.test(f.url, f.functionName)))?.key ?? OTHER_CLASS;
    memo.set(id, name);
    return name;
  };
  const ms: Record<string, number> = {};
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const name = classify(id);
    if (name === null) return;
    ms[name] = (ms[name] ?? 0) + dt;
    totalMs += dt;
  });
  return { totalMs, ms };
}
