import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  percent: number;
}

// Where a sample's own time went: a package, our bundle, Node itself, or idle.
function ownerOf(frame: ProfileNode['callFrame']): string {
  if (frame.functionName === '(idle)') return '(idle)';
  if (frame.functionName === '(garbage collector)') return '(garbage collector)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg) return pkg[1];
  if (frame.url.includes('/dist/apps/')) return 'billy (our code)';
  if (frame.url.startsWith('node:')) return `node:${frame.url.slice(5).split('/')[0]}`;
  return frame.url ? frame.url : `(native) ${frame.functionName || 'anonymous'}`;
}

function shares(profile: CpuProfile, keyOf: (frame: ProfileNode['callFrame']) => string, top: number): ProfileShare[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    if (!frame || frame.functionName === '(idle)') return;
    const micros = profile.timeDeltas[i] ?? 0;
    const key = keyOf(frame);
    totals.set(key, (totals.get(key) ?? 0) + micros);
    all += micros;
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => ({ name, percent: Number(((100 * micros) / all).toFixed(1)) }));
}

/**
 * Self time of a `--cpu-prof` profile, idle excluded: by owner (package, our
 * code, Node) and by function. Enough to name a bottleneck without a GUI.
 */
export function summariseProfile(path: string, top = 15): { byOwner: ProfileShare[]; byFunction: ProfileShare[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  return {
    byOwner: shares(profile, ownerOf, top),
    byFunction: shares(
      profile,
      (frame) => `${frame.functionName || '(anonymous)'} ${ownerOf(frame)}:${frame.lineNumber + 1}`,
      top,
    ),
  };
}
