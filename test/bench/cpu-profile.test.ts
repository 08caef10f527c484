// bench/cpu-profile.ts on a hand-made V8 profile: root → a (lib/x.ts) → b (node_modules/cdk8s), and the GC.
import { inclusiveTimes, moduleOf, selfTimes } from '../../bench/cpu-profile';

const frame = (functionName: string, url: string) => ({ functionName, url });
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
    { id: 2, callFrame: frame('a', `file://${process.cwd()}/lib/x.ts`), children: [3] },
    { id: 3, callFrame: frame('b', '/repo/node_modules/cdk8s/lib/chart.js') },
    { id: 4, callFrame: frame('(garbage collector)', '') },
  ],
  samples: [2, 3, 3, 4],
  timeDeltas: [1000, 2000, 3000, 4000],
};

describe('cpu-profile', () => {
  test('self time goes to the sampled function and its module: a package by name, a repository file by path', () => {
    const { functions, modules, totalMs } = selfTimes(profile);
    expect(totalMs).toBe(10);
    expect(modules).toEqual([['cdk8s', 5], ['(garbage collector)', 4], ['lib/x.ts', 1]]);
    expect(functions[0]).toEqual(['b cdk8s', 5]);
  });

  test('time under a function counts its callees; a>b only where b is called from a', () => {
    expect(inclusiveTimes(profile, ['a', 'b', 'a>b', 'b>a'])).toEqual(new Map([['a', 6], ['b', 5], ['a>b', 5], ['b>a', 0]]));
  });

  test('node\'s own modules are one module', () => {
    expect(moduleOf('node:internal/modules/cjs/loader')).toBe('node');
  });
});
